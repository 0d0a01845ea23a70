from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses log-ins from a user name or address that is locked out after failed attempts.

    Log-ins through the web always carry the request. Code that authenticates without one
    (the test client's `login()`, scripts) has no address to lock out, so it is let through
    to the password check instead of failing outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
