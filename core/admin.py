from js_asset import Media


class NonceMediaMixin:
    """Renders the change form's media with this response's CSP nonce.

    The rich-text editor loads its modules through an inline `<script type="importmap">`;
    the policy allows no inline script except one carrying the response's nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)
