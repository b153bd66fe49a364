"""The benchmark logs its moderator in through two-factor authentication like a person would."""

from allauth.mfa.totp.internal.auth import generate_totp_secret, validate_totp_code

from bench.servers import totp_code


def test_benchmark_authenticator_codes_are_the_ones_allauth_accepts():
    secret = generate_totp_secret()
    assert validate_totp_code(secret, totp_code(secret))


def test_benchmark_authenticator_codes_follow_rfc_6238():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # the RFC's SHA-1 test key, "12345678901234567890"
    assert totp_code(secret, at=59) == "287082"
    assert totp_code(secret, at=1111111109) == "081804"
    assert totp_code(secret, at=1234567890) == "005924"
