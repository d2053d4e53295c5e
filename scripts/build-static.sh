#!/usr/bin/env bash
# Copies the pinned browser libraries (package-lock.json) into static files: PDF.js for the PDF
# reader, epub.js + JSZip for the EPUB reader. No CDN; run by `make static` (and so by make run/test).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error
out=library/static/library/vendor
rm -rf "$out"
mkdir -p "$out/pdfjs/web" "$out/epubjs"
pdfjs=node_modules/pdfjs-dist
cp "$pdfjs/build/pdf.min.mjs" "$pdfjs/build/pdf.worker.min.mjs" "$out/pdfjs/"
cp "$pdfjs/web/pdf_viewer.mjs" "$pdfjs/web/pdf_viewer.css" "$out/pdfjs/web/"
cp -r "$pdfjs/web/images" "$out/pdfjs/web/"
cp -r "$pdfjs/cmaps" "$pdfjs/standard_fonts" "$pdfjs/wasm" "$out/pdfjs/"
cp "$pdfjs/LICENSE" "$out/pdfjs/LICENSE"
cp node_modules/epubjs/dist/epub.min.js "$out/epubjs/"
cp node_modules/epubjs/license "$out/epubjs/LICENSE"
cp node_modules/jszip/dist/jszip.min.js "$out/epubjs/"
cp node_modules/jszip/LICENSE.markdown "$out/epubjs/LICENSE-jszip.md"
echo "$(sha256sum package-lock.json | cut -c1-12)" > "$out/.built"
