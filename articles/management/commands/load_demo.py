import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles.demo.loader import load_demo_article

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Load the demo article (idempotent). With DJANGO_DEBUG set, also make sure a demo "
        "admin log-in exists and print it."
    )

    def handle(self, *args, **options):
        article, created = load_demo_article()
        verb = "Loaded" if created else "Already there:"
        self.stdout.write(f"{verb} demo article “{article.title}”.")
        if not settings.DEBUG:
            self.stdout.write("No demo log-in outside debug mode; use createsuperuser.")
            return
        self.print_login(self.demo_password())

    def demo_password(self) -> str:
        """The demo admin's password, made once and kept in a private file under var/."""
        path = settings.VAR_DIR / "demo-admin-password"
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user and path.exists():
            password = path.read_text().strip()
            if user.check_password(password):
                return password
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=ADMIN_USERNAME, is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(password)
        return password

    def print_login(self, password: str):
        site = settings.SITE_URL.rstrip("/") + "/"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nNewsBlog is starting on {site}\n"
                f"Log into the admin at {site}{settings.ADMIN_URL}\n"
                f"  username: {ADMIN_USERNAME}\n"
                f"  password: {password}\n"
                f"(kept in {settings.VAR_DIR / 'demo-admin-password'})\n"
            )
        )
