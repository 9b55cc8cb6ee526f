"""Login, logout, and who may open which page."""

from __future__ import annotations

import pytest

from reviewapp.auth.permissions import has_role

# (url, roles that may open it); admin passes every staff check.
PAGES = [
    ("/staff/calls", {"staff", "admin"}),
    ("/expert/", {"expert"}),
    ("/committee/", {"committee", "staff", "admin"}),
    ("/admin/users", {"admin"}),
]
ROLES = ("staff", "expert", "committee", "admin")


@pytest.mark.parametrize("url", [url for url, _ in PAGES] + ["/"])
def test_anonymous_is_sent_to_login(client, url):
    """Every page but login sends anonymous visitors to the login page."""
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_its_pages_and_no_other(client, auth, role):
    """A role gets 200 on its pages and 403 on the rest."""
    auth.login_as(role)
    for url, allowed in PAGES:
        expected = 200 if role in allowed else 403
        assert client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize(
    ("role", "home"),
    [("staff", "/staff/calls"), ("admin", "/staff/calls"),
     ("expert", "/expert/"), ("committee", "/committee/")],
)
def test_index_sends_each_role_home(client, auth, role, home):
    """`/` redirects by role."""
    auth.login_as(role)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == home


def test_login_page_renders_a_csrf_protected_form(app, client):
    """With CSRF on, the form carries a token and a post without it is refused."""
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = client.post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400


def test_login_with_wrong_password_fails(client, auth, make_user):
    """A wrong password keeps the visitor out with a message."""
    user = make_user("staff")
    response = auth.login(user.username, "not-it")
    assert response.status_code == 200
    assert client.get("/staff/calls").status_code == 302


def test_inactive_user_cannot_log_in(app, client, auth, make_user):
    """A deactivated account is refused."""
    from reviewapp.extensions import db
    from reviewapp.models import User

    user = make_user("staff")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert auth.login(user.username, user.password).status_code == 200
    assert client.get("/staff/calls").status_code == 302


def test_login_follows_only_local_next(client, make_user):
    """`next` may point inside the site, never elsewhere."""
    user = make_user("staff")
    form = {"username": user.username, "password": user.password}
    response = client.post("/login?next=/committee/", data=form)
    assert response.headers["Location"] == "/committee/"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/x", data=form)
    assert response.headers["Location"] == "/"


def test_logout_ends_the_session(client, auth):
    """After logout the pages need a login again."""
    auth.login_as("staff")
    assert client.get("/staff/calls").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/staff/calls").status_code == 302


def test_unknown_page_is_404_for_everyone(client, auth):
    """A missing page is a 404, logged in or not."""
    assert client.get("/no/such/page").status_code == 404
    auth.login_as("expert")
    assert client.get("/no/such/page").status_code == 404


def test_admin_passes_staff_checks_only():
    """has_role lets admin through a staff check but not an expert check."""

    class Someone:
        is_authenticated = True
        role = "admin"

    assert has_role(Someone(), "staff")
    assert not has_role(Someone(), "expert")
    Someone.is_authenticated = False
    assert not has_role(Someone(), "staff")


def test_a_login_deletes_that_users_long_ended_sessions(client, auth, app):
    """Old sessions of the user are deleted at the next login; recent ones and others' stay."""
    from datetime import timedelta

    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import LoginSession, User
    from reviewapp.models.common import utcnow
    from reviewapp.services.login_sessions import KEEP_ENDED

    staff = auth.login_as("staff")
    auth.logout()
    auth.login_as("expert")
    auth.logout()
    with app.app_context():
        long_ago = utcnow() - KEEP_ENDED - timedelta(days=1)
        for login in db.session.scalars(select(LoginSession)):
            login.ended_at = login.last_seen_at = long_ago
        db.session.commit()
        staff_id = db.session.scalar(select(User.id).where(User.username == staff.username))
    assert auth.login(staff.username, staff.password).status_code == 302
    with app.app_context():
        left = db.session.execute(select(LoginSession.user_id, LoginSession.ended_at)).all()
    # The staff's old session is gone, the new one is open; the expert's old one waits
    # for the expert's own next login.
    assert sorted((user_id == staff_id, ended is None) for user_id, ended in left) == [
        (False, False), (True, True)]
