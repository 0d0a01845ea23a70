"""The path converter of a page's address: slugs joined by slashes (`about/team`)."""


class PagePathConverter:
    regex = r"[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
