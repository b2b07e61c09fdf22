import pytest

from govdash.auth.passwords import check_password_policy, hash_password, needs_rehash, verify_password


def test_hash_password_is_salted_argon2id_not_the_password():
    first, second = hash_password("s3cret-password"), hash_password("s3cret-password")
    assert first.startswith("$argon2id$")
    assert "s3cret-password" not in first
    assert first != second  # a fresh salt each time


def test_verify_password_accepts_right_and_refuses_wrong():
    stored = hash_password("s3cret-password")
    assert verify_password(stored, "s3cret-password")
    assert not verify_password(stored, "s3cret-passwore")
    assert not verify_password(None, "s3cret-password")
    assert not verify_password("not a hash", "s3cret-password")


def test_needs_rehash_for_weaker_parameters():
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("s3cret-password")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("s3cret-password"))


@pytest.mark.parametrize(("password", "fragment"), [
    ("short", "至少需要 8 个字符"), (" padded-password ", "首尾"), ("alice123", "不能与用户名相同"),
])
def test_check_password_policy_refuses_weak_password(password, fragment):
    with pytest.raises(ValueError, match=fragment):
        check_password_policy(password, user_name="ALICE123")
