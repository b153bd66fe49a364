"""Private messages in the data export, and what deleting an account does to them."""

import pytest
from django.urls import reverse

from conversations import services
from conversations.models import Message, Participant
from forum import member_services

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_members_conversations(maya, tomasz):
    services.send_message(maya, tomasz, "Hello from Maya")
    services.send_message(tomasz, maya, "Hello back")
    exported = member_services.member_data(maya)["private_messages"]
    assert exported == [
        {
            "with": "Tomasz",
            "messages": [
                {
                    "from_you": True,
                    "sent_at": exported[0]["messages"][0]["sent_at"],
                    "body": "Hello from Maya",
                    "erased": False,
                },
                {
                    "from_you": False,
                    "sent_at": exported[0]["messages"][1]["sent_at"],
                    "body": "Hello back",
                    "erased": False,
                },
            ],
        }
    ]


def test_the_markdown_export_holds_the_messages(maya, tomasz):
    services.send_message(maya, tomasz, "Hello from Maya")
    markdown = member_services.member_data_markdown(member_services.member_data(maya))
    assert "## Private messages with Tomasz" in markdown and "Hello from Maya" in markdown


def test_deleting_an_account_with_its_posts_erases_the_text_of_its_messages(maya, tomasz):
    services.send_message(maya, tomasz, "Words to take back")
    member_services.delete_account(maya, member_services.DELETE_POSTS)
    message = Message.objects.get()
    assert (message.body, message.is_erased) == ("", True)


def test_deleting_an_account_with_its_posts_leaves_the_other_members_words(maya, tomasz):
    services.send_message(maya, tomasz, "Mine")
    services.send_message(tomasz, maya, "Theirs")
    member_services.delete_account(maya, member_services.DELETE_POSTS)
    assert Message.objects.get(author=tomasz).body == "Theirs"


def test_keeping_posts_keeps_messages_shown_as_from_a_former_member(client, maya, tomasz):
    conversation = services.send_message(maya, tomasz, "Words to leave").message.conversation
    member_services.delete_account(maya, member_services.KEEP_POSTS)
    client.force_login(tomasz)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Words to leave" in page and "Former member" in page and "Maya" not in page


def test_deleting_an_account_removes_its_side_of_each_conversation(maya, tomasz):
    services.send_message(maya, tomasz, "Hello")
    member_services.delete_account(maya, member_services.KEEP_POSTS)
    assert list(Participant.objects.values_list("member", flat=True)) == [tomasz.pk]


def test_nobody_can_write_to_a_former_member(client, maya, tomasz):
    conversation = services.send_message(maya, tomasz, "Hello").message.conversation
    member_services.delete_account(maya, member_services.KEEP_POSTS)
    client.force_login(tomasz)
    assert client.post(conversation.get_absolute_url(), {"body": "Are you there?"}).status_code == 403


def test_the_export_page_still_downloads(maya_client, maya, tomasz):
    services.send_message(maya, tomasz, "Hello")
    assert maya_client.post(reverse("accounts:export"), {"format": "json"}).status_code in (200, 302)
