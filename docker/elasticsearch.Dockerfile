# Elasticsearch with the ICU plugin, for the Vietnamese folding analyzer (see docs/search.md).
FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.3
RUN bin/elasticsearch-plugin install --batch analysis-icu
