"""意见建议: every user can complain or suggest; the township's staff read it."""

import pytest
from django.urls import reverse

from cadres.models import Feedback

pytestmark = pytest.mark.django_db


def test_a_cadres_feedback_reaches_their_township_staff_only(
    client, cadre_user, staff_a, staff_b, township_a
):
    client.force_login(cadre_user)
    response = client.post(reverse("cadres:feedback_new"), {"text": "希望走访表单能语音输入"})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.township == township_a
    assert item.author == cadre_user
    client.force_login(staff_a)
    assert "希望走访表单能语音输入" in client.get(reverse("cadres:feedback_inbox")).text
    client.force_login(staff_b)
    assert "希望走访表单能语音输入" not in client.get(reverse("cadres:feedback_inbox")).text
    assert client.post(reverse("cadres:feedback_read", args=[item.pk])).status_code == 404


def test_staff_mark_it_read_with_a_reply_the_author_sees(client, cadre_user, staff_a):
    client.force_login(cadre_user)
    client.post(reverse("cadres:feedback_new"), {"text": "照片上传太慢"})
    item = Feedback.objects.get()
    client.force_login(staff_a)
    response = client.post(
        reverse("cadres:feedback_read", args=[item.pk]), {"reply": "已联系技术人员"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.read_at is not None
    client.force_login(cadre_user)
    assert "已联系技术人员" in client.get(reverse("cadres:feedback_new")).text


@pytest.mark.parametrize("reply", ["字" * 2001, "已联系\x00技术人员"])
def test_a_reply_that_cannot_be_kept_is_refused_in_chinese(client, cadre_user, staff_a, reply):
    client.force_login(cadre_user)
    client.post(reverse("cadres:feedback_new"), {"text": "照片上传太慢"})
    item = Feedback.objects.get()
    client.force_login(staff_a)
    response = client.post(
        reverse("cadres:feedback_read", args=[item.pk]), {"reply": reply}, follow=True
    )
    assert "回复未保存" in response.text
    item.refresh_from_db()
    assert (item.read_at, item.reply) == (None, "")


@pytest.mark.parametrize(
    ("text", "message"), [("", "请填写意见或建议"), ("字" * 3000, "2000 字以内")]
)
def test_bad_feedback_is_refused_in_chinese(client, cadre_user, text, message):
    client.force_login(cadre_user)
    response = client.post(reverse("cadres:feedback_new"), {"text": text})
    assert response.status_code == 400
    assert message in response.text
    assert not Feedback.objects.exists()


def test_only_staff_and_supervisors_read_the_inbox(client, cadre_user, supervisor):
    client.force_login(cadre_user)
    assert client.get(reverse("cadres:feedback_inbox")).status_code == 403
    client.force_login(supervisor)
    assert client.get(reverse("cadres:feedback_inbox")).status_code == 200
    assert client.post(reverse("cadres:feedback_read", args=[1])).status_code == 403


def test_feedback_pages_need_a_login_and_the_right_method(client, staff_a):
    assert client.get(reverse("cadres:feedback_new")).status_code == 302
    client.force_login(staff_a)
    assert client.post(reverse("cadres:feedback_inbox")).status_code == 405
    assert client.get(reverse("cadres:feedback_read", args=[1])).status_code == 405


def test_the_inbox_costs_the_same_queries_at_any_size(
    client, cadre_user, staff_a, township_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    for size in (2, 40):
        Feedback.objects.bulk_create(
            Feedback(author=cadre_user, township=township_a, text=f"建议{i}") for i in range(size)
        )
        with django_assert_max_num_queries(5):
            assert client.get(reverse("cadres:feedback_inbox")).status_code == 200
