"""Accounts: password hashing, the create-user command and the admin page."""

from __future__ import annotations

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import AuditLog, User
from reviewapp.security import hash_password, verify_password


def test_password_hash_is_argon2_and_verifies(app):
    """Hashes are argon2 and only the right password matches."""
    with app.app_context():
        hashed = hash_password("geheim")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "geheim")
    assert not verify_password(hashed, "geheim!")
    assert not verify_password("not a hash", "geheim")


def test_create_user_command(app, runner):
    """create-user stores an account with its role, expert code and an audit row."""
    result = runner.invoke(args=[
        "create-user", "wang", "--role", "expert", "--password", "pw123456",
        "--expert-code", "E007", "--display-name", "王老师",
    ])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="wang"))
        assert (user.role, user.expert_code, user.display_name) == ("expert", "E007", "王老师")
        assert user.check_password("pw123456")
        log = db.session.scalar(select(AuditLog).filter_by(action="user.create"))
        assert log.object_id == str(user.id) and log.user_id is None


def test_create_user_prompts_for_password(app, runner):
    """Without --password the command asks twice, hidden."""
    result = runner.invoke(args=["create-user", "li", "--role", "staff"],
                           input="s3cret-pw\ns3cret-pw\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(username="li")).check_password("s3cret-pw")


def test_create_user_refuses_duplicates_and_bad_roles(runner, make_user):
    """A taken username or an unknown role fails with a message."""
    make_user("staff", username="zhao")
    result = runner.invoke(args=["create-user", "zhao", "--role", "staff", "--password", "x1"])
    assert result.exit_code != 0
    assert "already exists" in result.output
    result = runner.invoke(args=["create-user", "qian", "--role", "boss", "--password", "x1"])
    assert result.exit_code != 0


def test_admin_creates_user_with_audit(app, client, auth):
    """The admin form creates an account and audits who did it."""
    admin = auth.login_as("admin")
    form = {"username": "sun", "display_name": "孙", "role": "committee",
            "expert_code": "", "password": "longenough"}
    response = client.post("/admin/users", data=form)
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "sun" in page
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="sun"))
        assert user.role == "committee" and user.expert_code is None
        log = db.session.scalar(select(AuditLog).filter_by(object_id=str(user.id)))
        assert log.user_id == admin.id
        assert log.after["role"] == "committee"


def test_admin_form_reports_taken_username(client, auth, make_user):
    """A taken username shows an error on the form, nothing is stored."""
    make_user("staff", username="zhou")
    auth.login_as("admin")
    form = {"username": "zhou", "role": "staff", "password": "longenough"}
    response = client.post("/admin/users", data=form)
    assert response.status_code == 200
    assert "This username is taken." in response.get_data(as_text=True) or \
        "该用户名已被使用" in response.get_data(as_text=True)
