from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("core.HomePage")

    locale, _ = Locale.objects.get_or_create(language_code="vi")
    # Wagtail's welcome page is replaced by ours.
    Page.objects.filter(depth=2, slug="home").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="core")
    home = HomePage.objects.create(
        title="Hội đồng nhân dân tỉnh",
        draft_title="Hội đồng nhân dân tỉnh",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="HĐND tỉnh"
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("core.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_homepage_councilsettings")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
