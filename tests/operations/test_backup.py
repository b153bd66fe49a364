"""Backups and restores (operations/backup.py): an encrypted archive of the database and the
private uploads that restores into an empty database with every table identical, and refuses to
overwrite data without being told to."""

import psycopg
import pyrage
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from forum import services
from moderation import services as moderation_services
from moderation.models import FlagReason
from operations import backup
from tests.factories import ModeratorFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed


@pytest.fixture
def key_pair():
    identity = pyrage.x25519.Identity.generate()
    return identity, identity.to_public()


@pytest.fixture
def uploads(tmp_path, settings):
    folder = tmp_path / "uploads"
    (folder / "verification").mkdir(parents=True)
    (folder / "verification" / "card.pdf").write_bytes(b"%PDF-1.4 a registration card")
    settings.HAVEN_PRIVATE_UPLOADS_DIR = folder
    return folder


@pytest.fixture
def empty_database():
    """A fresh, empty database on the same server as the test database; dropped afterwards."""
    source = backup.default_database()
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(source, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield psycopg.conninfo.make_conninfo(source, dbname=name)
    with psycopg.connect(source, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed():
    member, moderator = UserFactory(), ModeratorFactory()
    thread = make_thread(author=member, title="Backed up", body="Words that must survive", replies=3)
    reply = services.reply(thread=thread, author=UserFactory(), body="A reply to flag")
    moderation_services.flag_post(reply, member, FlagReason.OTHER, "checking the audit log")
    return moderator


def states(url):
    with psycopg.connect(url) as connection:
        return backup.table_states(connection)


def test_a_restore_into_an_empty_database_gives_every_table_identical(
    tmp_path, key_pair, uploads, empty_database
):
    seed()
    identity, recipient = key_pair
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[recipient])
    backup.restore(archive, identities=[identity], database=empty_database, uploads=tmp_path / "restored")
    before, after = states(backup.default_database()), states(empty_database)
    assert before["forum_post"].rows >= 5
    assert before == after


def test_the_posts_and_the_audit_log_survive_a_restore_exactly(tmp_path, key_pair, uploads, empty_database):
    seed()
    identity, recipient = key_pair
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[recipient])
    backup.restore(archive, identities=[identity], database=empty_database, uploads=tmp_path / "restored")
    after = states(empty_database)
    for table in ("forum_post", "moderation_moderationaction", "moderation_flag"):
        assert after[table] == states(backup.default_database())[table]


def test_the_uploads_are_restored(tmp_path, key_pair, uploads, empty_database):
    identity, recipient = key_pair
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[recipient])
    backup.restore(archive, identities=[identity], database=empty_database, uploads=tmp_path / "restored")
    assert (
        tmp_path / "restored" / "verification" / "card.pdf"
    ).read_bytes() == b"%PDF-1.4 a registration card"


def test_the_archive_is_encrypted(tmp_path, key_pair, uploads):
    make_thread(body="plainly readable canary zqx")
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[key_pair[1]])
    content = archive.read_bytes()
    assert content.startswith(b"age-encryption.org/v1")
    assert b"canary zqx" not in content and b"PDF-1.4" not in content


def test_only_the_owner_may_read_the_archive(tmp_path, key_pair, uploads):
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[key_pair[1]])
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_backup_without_a_key_is_refused(tmp_path, settings, uploads):
    settings.HAVEN_BACKUP_RECIPIENTS = ""
    with pytest.raises(CommandError, match="never written unencrypted"):
        call_command("backup", "--output", str(tmp_path / "haven.age"))
    assert not (tmp_path / "haven.age").exists()


def test_a_restore_over_a_database_with_data_is_refused_without_force(tmp_path, key_pair, uploads):
    identity, recipient = key_pair
    make_thread()
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[recipient])
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(archive, identities=[identity], uploads=tmp_path / "restored")


def test_a_restore_into_uploads_with_files_is_refused_without_force(
    tmp_path, key_pair, uploads, empty_database
):
    identity, recipient = key_pair
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[recipient])
    with pytest.raises(backup.BackupError, match="already holds uploaded files"):
        backup.restore(archive, identities=[identity], database=empty_database, uploads=uploads)


def test_a_forced_restore_replaces_what_is_there(tmp_path, key_pair, uploads, empty_database):
    identity, recipient = key_pair
    seed()
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[recipient])
    backup.restore(archive, identities=[identity], database=empty_database, uploads=tmp_path / "restored")
    with psycopg.connect(empty_database) as restored:
        restored.execute("DELETE FROM forum_postrevision")
    backup.restore(
        archive, identities=[identity], database=empty_database, uploads=tmp_path / "restored", force=True
    )
    assert states(empty_database) == states(backup.default_database())


def test_the_wrong_key_gets_a_clear_message(tmp_path, key_pair, uploads, empty_database):
    archive = tmp_path / "haven.age"
    backup.backup(archive, recipients=[key_pair[1]])
    stranger = pyrage.x25519.Identity.generate()
    with pytest.raises(backup.BackupError, match="Can't decrypt"):
        backup.restore(archive, identities=[stranger], database=empty_database, uploads=tmp_path / "restored")


def test_a_file_that_is_not_a_backup_gets_a_clear_message(tmp_path, key_pair, empty_database):
    identity, recipient = key_pair
    archive = tmp_path / "not-a-backup.age"
    archive.write_bytes(pyrage.encrypt(b"just some bytes", [recipient]))
    with pytest.raises(backup.BackupError, match="not a Haven backup"):
        backup.restore(archive, identities=[identity], database=empty_database, uploads=tmp_path / "restored")


def test_the_commands_back_up_and_restore(tmp_path, key_pair, uploads, settings, empty_database, monkeypatch):
    identity, recipient = key_pair
    settings.HAVEN_BACKUP_RECIPIENTS = str(recipient)
    key_file = tmp_path / "haven-backup.key"
    key_file.write_text(f"# created: today\n{identity}\n")
    seed()
    call_command("backup", "--output", str(tmp_path / "haven.age"))
    monkeypatch.setattr(backup, "default_database", lambda: empty_database)
    settings.HAVEN_PRIVATE_UPLOADS_DIR = tmp_path / "restored"
    call_command("restore", str(tmp_path / "haven.age"), "--identity", str(key_file))
    assert states(empty_database)["forum_post"].rows >= 5


def test_restore_without_a_key_says_how_to_give_one(tmp_path, settings):
    settings.HAVEN_BACKUP_IDENTITY_FILE = ""
    with pytest.raises(CommandError, match="--identity"):
        call_command("restore", str(tmp_path / "missing.age"))
