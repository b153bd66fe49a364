"""Haven's settings: everything that differs between machines comes from the environment.

Defaults suit local development; production sets at least SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL (see README "Configuration").
"""

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-development-only-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "accounts",
    "orgs",
    "checkins",
    "forum",
    "conversations",
    "resources",
    "moderation",
    "reports",
    "operations",
    "config.apps.HavenAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.permissions_policy",
    "config.middleware.RequestBodyLimitMiddleware",  # before anything reads the body
    "config.middleware.refuse_nul_bytes_and_unreadable_forms",  # before anything uses the input
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.ReplicaReadsMiddleware",  # only with DATABASE_REPLICA_URL
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.private_to_members",  # after authentication, and so after whitenoise
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.ConsentMiddleware",  # asks again when the privacy notice changes
    "orgs.identity.IdentityProviderUnavailableMiddleware",  # a 502 page, not a 500
    "config.middleware.Debug404PageMiddleware",  # the site's 404 page with DEBUG on too
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.context_processors.site",
                "moderation.context_processors.moderation",
            ],
        },
    },
]

# --- Database: PostgreSQL everywhere ------------------------------------------------------------
# DATABASE_URL selects an external server; without it the embedded server in .data/postgres is
# started on demand (see config/embedded_postgres.py).
DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    from config import embedded_postgres

    DATABASE_URL = embedded_postgres.database_url()

# Persistent connections, health-checked before reuse, rather than psycopg's pool: a sync gunicorn
# worker serves one request at a time, so a pool per process would only hold that same connection.
# Sharing connections across workers and machines is PgBouncer's job (docs/scaling.md).
_conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=True)
}
# A streaming replica takes the reads of GET requests (config/db_router.py), except a member's for
# HAVEN_REPLICA_STICKY_SECONDS after they write, so that they always see what they just did.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"], conn_max_age=_conn_max_age, conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},  # tests read through it from the test database
    }
    DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
HAVEN_REPLICA_STICKY_SECONDS = int(os.environ.get("HAVEN_REPLICA_STICKY_SECONDS", "10"))
# Django's PostgreSQL backend, with a health check that costs no round trip (config/postgresql).
for _database in DATABASES.values():
    _database["ENGINE"] = "config.postgresql"
# Behind PgBouncer in transaction mode, consecutive transactions may run on different server
# connections: a server-side cursor (QuerySet.iterator()) would be lost between them.
if env_bool("DATABASE_TRANSACTION_POOLING"):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
# Values are sent apart from the SQL, and a query run twice on a connection is prepared there:
# PostgreSQL then skips parsing and planning it (a thread page, measured alone, waited 3.5 ms on the
# database per request before and 1.1 ms after). Off by
# default behind PgBouncer in transaction mode, which keeps prepared statements across its server
# connections only from 1.21 on, with max_prepared_statements set (then turn them back on).
if env_bool("DATABASE_PREPARED_STATEMENTS", default=not env_bool("DATABASE_TRANSACTION_POOLING")):
    for _database in DATABASES.values():
        _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forum:latest"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}  # the pseudonym, and equal work for known emails
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Haven] "
ACCOUNT_LOGOUT_REDIRECT_URL = "forum:home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # members taking a break land on their break page
# A password (and two-factor code) typed this recently needs no retyping before a sensitive action;
# signing in counts too (accounts/adapter.py). allauth's default, written here because it is policy.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# allauth's rate limits stay on (its defaults); they live in the cache shared by all workers.
# Except the verification-mail cooldown, which skipped the mail and its "sent" message only for
# addresses mailed recently, telling them apart; the same cooldown is applied when the mail is
# delivered instead (accounts/tasks.py).
ACCOUNT_RATE_LIMITS = {"confirm_email": None}

# --- Sign-in through an organisation's identity provider (orgs/identity.py) ---------------------
# Each provider is one of allauth's SocialApps (added in the admin: OpenID Connect or SAML 2.0),
# linked to its organisation (orgs.IdentityProvider). The provider only attests that someone may join: Haven keeps a keyed
# hash of its subject identifier and nothing else it sends (no name, no email, no tokens); the
# member picks a pseudonym on first sign-in and may add an email for notifications later.
SOCIALACCOUNT_ADAPTER = "orgs.identity.IdentityProviderAdapter"
SOCIALACCOUNT_FORMS = {"signup": "orgs.forms.IdentityProviderSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = False  # the first sign-in always asks for a pseudonym
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # no address is taken from the provider to verify
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
# Ask the provider for the subject only ("openid"), not the profile or email scopes.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"SCOPE": ["openid"], "OAUTH_PKCE_ENABLED": True},
    # Passes on "sign in afresh" (prompt=login) as SAML's ForceAuthn (orgs/identity.py).
    "saml": {"provider_class": "orgs.identity.ForcingSAMLProvider"},
}
# Subject identifiers are kept only as HMACs keyed with HAVEN_IDENTITY_HASH_KEY (below).

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Haven"

# --- Email --------------------------------------------------------------------------------------
# Development prints outgoing mail (verification links) to the terminal; production sets
# EMAIL_HOST (and credentials) to send through SMTP.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "config.mail.ReadableConsoleEmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Haven <no-reply@haven.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where members write to a person (the sign-up, log-in and verification pages name it).
# The privacy notice (templates/accounts/privacy_notice.html, /privacy/): who runs this
# deployment and how to reach them. Change HAVEN_PRIVACY_NOTICE_VERSION whenever the notice changes
# in substance: every member is asked for consent again (accounts/consent.py).
HAVEN_PRIVACY_NOTICE_VERSION = os.environ.get("HAVEN_PRIVACY_NOTICE_VERSION", "2026-12-06")
HAVEN_OPERATOR_NAME = os.environ.get("HAVEN_OPERATOR_NAME", "the organisation that runs this Haven")
HAVEN_DATA_PROTECTION_CONTACT = os.environ.get(
    "HAVEN_DATA_PROTECTION_CONTACT", ""
)  # default: the contact email
HAVEN_MAIL_PROCESSOR = os.environ.get(
    "HAVEN_MAIL_PROCESSOR", ""
)  # who delivers its email, e.g. "Postmark (ActiveCampaign LLC)"
HAVEN_HOSTING_PROCESSOR = os.environ.get(
    "HAVEN_HOSTING_PROCESSOR", ""
)  # who hosts the server, if not the operator
HAVEN_CONTACT_EMAIL = os.environ.get(
    "HAVEN_CONTACT_EMAIL", "support@" + DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">").strip()
)

# --- Background tasks (notification email) -----------------------------------------------------
# Immediate in development and tests; TASKS_BACKEND=database uses django-tasks-db's queue, worked by
# `manage.py db_worker`, which can also defer delivery until a member's quiet hours end.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASKS_BACKEND") == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

# --- Cache and sessions -------------------------------------------------------------------------
# Rate-limit counters (ours and allauth's) live in the cache, shared by every worker.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "haven_cache"}
    }
# Rendered posts and thread rows (forum/fragments.py): the part that is the same for every viewer,
# keyed on the object's id and version, shared by every worker and machine. In Redis when there is
# one (under its own key prefix), otherwise in
# a PostgreSQL table written in one statement per page (config/fragment_cache.py). Entries of old
# versions are never read again; they expire after HAVEN_FRAGMENT_CACHE_DAYS.
FRAGMENT_CACHE_SECONDS = int(float(os.environ.get("HAVEN_FRAGMENT_CACHE_DAYS", "3")) * 24 * 60 * 60)
if os.environ.get("REDIS_URL"):
    CACHES["fragments"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "fragments",
        "TIMEOUT": FRAGMENT_CACHE_SECONDS,
    }
else:
    CACHES["fragments"] = {
        "BACKEND": "config.fragment_cache.FragmentCache",
        "LOCATION": "haven_fragment_cache",
        "TIMEOUT": FRAGMENT_CACHE_SECONDS,
    }
HAVEN_FRAGMENT_CACHE = env_bool("HAVEN_FRAGMENT_CACHE", True)
# Sessions are kept in PostgreSQL with the member they belong to (accounts/sessions/); with Redis
# they are read from Redis and written through, so a Redis restart logs nobody out.
SESSION_ENGINE = "accounts.sessions.cached_db" if os.environ.get("REDIS_URL") else "accounts.sessions.db"

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"  # dates and numbers are formatted the British way whether or not USE_I18N
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
# Haven is written in English only. Without the translation machinery, each number, date and URL
# a page renders skips a lookup of the active language (about 4% of the thread page's CPU).
USE_I18N = False
USE_TZ = True

# --- Security -----------------------------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

# No inline script or style anywhere: every script and stylesheet is a file served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],  # data: for the authenticator QR code on the MFA set-up page
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    # TLS is expected in production; a proxy that already redirects can turn this off.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Request bodies larger than this, file uploads included, are refused unread with a 413 page
# (config.middleware.RequestBodyLimitMiddleware), except the verification upload's, which may be
# as large as HAVEN_VERIFICATION_MAX_UPLOAD_BYTES; posts have their own, smaller limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Haven --------------------------------------------------------------------------------------
# Closed by default: reading requires an account. HAVEN_PUBLIC_READ=1 opens read access.
HAVEN_PUBLIC_READ = env_bool("HAVEN_PUBLIC_READ")
HAVEN_THREADS_PER_PAGE = 25
HAVEN_POSTS_PER_PAGE = 20
# The "New" tab: threads started in this many days that the member has not opened. Not "since your
# last visit": Haven keeps no record of when members were last around (tests/security/test_no_presence.py).
HAVEN_NEW_THREAD_DAYS = 7
# Days an invitation to a circle can be accepted before it expires.
HAVEN_CIRCLE_INVITATION_DAYS = int(os.environ.get("HAVEN_CIRCLE_INVITATION_DAYS", "14"))
# The key of the HMAC that stands in for every identifier an organisation's identity provider sends
# (orgs.models.identity_digest). Set it once, apart from SECRET_KEY, and never change it: a new key
# unlinks every member who signed in through a provider from what SCIM later says about them.
# Derived from SECRET_KEY when unset, so rotating SECRET_KEY without setting it would part every
# such member from their account: set it explicitly in production.
HAVEN_IDENTITY_HASH_KEY = (
    os.environ.get("HAVEN_IDENTITY_HASH_KEY")
    or hmac.new(SECRET_KEY.encode(), b"haven.identity-hash", hashlib.sha256).hexdigest()
)
# A member whose organisation membership came from its identity provider and who has not signed in
# through it for this many days loses the organisation's circles (manage.py end_lapsed_organisation_access).
HAVEN_ORGANISATION_REAUTH_DAYS = int(os.environ.get("HAVEN_ORGANISATION_REAUTH_DAYS", "30"))
HAVEN_MAX_POST_LENGTH = 30_000
# Private messages (conversations/): open to a member once they joined this many days ago and a post
# of theirs was published (moderators at once); a conversation page shows this many of its latest
# messages, with a link to the ones before them.
HAVEN_MESSAGES_MIN_DAYS = int(os.environ.get("HAVEN_MESSAGES_MIN_DAYS", "3"))
HAVEN_MAX_MESSAGE_LENGTH = 10_000
HAVEN_MESSAGES_SHOWN = 100
HAVEN_MAX_TITLE_LENGTH = 150
HAVEN_DIGEST_HOUR = int(os.environ.get("HAVEN_DIGEST_HOUR", "8"))  # local time of the daily digest


def site_url_from_bind(bind: str) -> str:
    """The address links in emails use when HAVEN_SITE_URL is unset: the one the server binds
    (config/gunicorn.conf.py: BIND, or 127.0.0.1 and PORT), with a wildcard host read as 127.0.0.1."""
    host, _, port = bind.rpartition(":")
    if host in {"", "0.0.0.0", "[::]", "::"}:  # noqa: S104 - reading a bind address, not binding
        host = "127.0.0.1"
    return f"http://{host}:{port}"


HAVEN_SITE_URL = (
    os.environ.get("HAVEN_SITE_URL")
    or site_url_from_bind(os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}")
).rstrip("/")  # links in emails
# Rate limits: scope -> (per member, per IP, window in seconds). Newcomers get half the member limit.
# Where rate-limit counters live: Redis (through the cache) when configured, else PostgreSQL.
HAVEN_RATE_LIMIT_STORE = "cache" if os.environ.get("REDIS_URL") else "database"
# HAVEN_RATE_LIMIT_SCALE multiplies every limit (benchmarks raise it; a busy site may too).
_scale = float(os.environ.get("HAVEN_RATE_LIMIT_SCALE", "1"))
HAVEN_RATE_LIMITS = {
    scope: (max(1, int(member * _scale)), max(1, int(ip * _scale)), window)
    for scope, (member, ip, window) in {
        "thread": (6, 30, 3600),
        "reply": (30, 120, 600),
        "flag": (10, 40, 600),
        "react": (120, 400, 600),
        "search": (60, 300, 60),
        "export": (3, 10, 3600),
        "appeal": (3, 10, 3600),
        "message": (20, 100, 600),
        "new_conversation": (5, 20, 3600),
    }.items()
}
# Moderation
HAVEN_PREMODERATE_FIRST_POSTS = int(os.environ.get("HAVEN_PREMODERATE_FIRST_POSTS", "1"))
HAVEN_AUTO_HIDE_FLAGS = int(os.environ.get("HAVEN_AUTO_HIDE_FLAGS", "3"))
HAVEN_EMAIL_MODERATORS_ON_CRISIS = env_bool("HAVEN_EMAIL_MODERATORS_ON_CRISIS")
# Staffed moderation hours, e.g. "Mon-Fri 08:00-20:00, Sat-Sun 10:00-16:00" (see moderation/hours.py),
# in HAVEN_MODERATION_TIMEZONE. Empty: moderators are treated as always around, so the off-hours
# rules below never apply.
HAVEN_MODERATION_HOURS = os.environ.get("HAVEN_MODERATION_HOURS", "")
HAVEN_MODERATION_TIMEZONE = os.environ.get("HAVEN_MODERATION_TIMEZONE", TIME_ZONE)
# Outside those hours: crisis items email the on-call moderators at once, posts by members who
# joined in the last HAVEN_OFF_HOURS_NEWCOMER_DAYS days wait for approval, and fewer flags hide a post.
HAVEN_OFF_HOURS_AUTO_HIDE_FLAGS = int(os.environ.get("HAVEN_OFF_HOURS_AUTO_HIDE_FLAGS", "2"))
HAVEN_OFF_HOURS_NEWCOMER_DAYS = int(os.environ.get("HAVEN_OFF_HOURS_NEWCOMER_DAYS", "7"))
# Crisis items should have a first response within this many minutes (the crisis queue shows overdue ones).
HAVEN_CRISIS_TARGET_MINUTES = int(os.environ.get("HAVEN_CRISIS_TARGET_MINUTES", "15"))
# After revealing this many distressing items in a day, a moderator's queue suggests a pause.
HAVEN_EXPOSURE_PAUSE_AFTER = int(os.environ.get("HAVEN_EXPOSURE_PAUSE_AFTER", "10"))
# The unanswered-post watch (moderation/peer_selectors.py): a thread's opening post with no reply
# from another member after this many hours (fewer where the post raised a crisis flag) waits on
# the peer supporters' list; after HAVEN_WAITING_AUTHOR_NOTICE_HOURS its author gets one kind
# notice. Threads older than HAVEN_WAITING_LIST_DAYS leave the list.
HAVEN_WAITING_HOURS = float(os.environ.get("HAVEN_WAITING_HOURS", "6"))
HAVEN_WAITING_CRISIS_HOURS = float(os.environ.get("HAVEN_WAITING_CRISIS_HOURS", "1"))
HAVEN_WAITING_AUTHOR_NOTICE_HOURS = float(os.environ.get("HAVEN_WAITING_AUTHOR_NOTICE_HOURS", "24"))
HAVEN_WAITING_LIST_DAYS = int(os.environ.get("HAVEN_WAITING_LIST_DAYS", "14"))
# A peer supporter's claim on a waiting thread lapses after this many minutes without their reply.
HAVEN_PEER_CLAIM_MINUTES = int(os.environ.get("HAVEN_PEER_CLAIM_MINUTES", "60"))
# Verification evidence (licence documents) lives here until a moderator decides, then is deleted.
# Outside the web root and STATIC_ROOT, and no URL serves it: moderators download through a view.
HAVEN_PRIVATE_UPLOADS_DIR = Path(
    os.environ.get("HAVEN_PRIVATE_UPLOADS_DIR", BASE_DIR / ".data" / "uploads")
).resolve()
# Backups (operations/backup.py, `./haven backup` and `./haven restore`): encrypted with age to
# these public keys (comma-separated); the private key is needed only to restore.
HAVEN_BACKUP_RECIPIENTS = os.environ.get("HAVEN_BACKUP_RECIPIENTS", "")
HAVEN_BACKUP_IDENTITY_FILE = os.environ.get("HAVEN_BACKUP_IDENTITY_FILE", "")
HAVEN_BACKUP_DIR = Path(os.environ.get("HAVEN_BACKUP_DIR", BASE_DIR / ".data" / "backups"))
# The retention schedule (operations/retention.py, `manage.py apply_retention`): days each kind
# of data is kept. Members on legal hold (User.legal_hold) keep everything until it is lifted.
HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS = int(os.environ.get("HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS", 90))
HAVEN_RETAIN_NOTIFICATIONS_DAYS = int(os.environ.get("HAVEN_RETAIN_NOTIFICATIONS_DAYS", 365))
HAVEN_RETAIN_FINISHED_TASKS_DAYS = int(os.environ.get("HAVEN_RETAIN_FINISHED_TASKS_DAYS", 14))
HAVEN_RETAIN_EXPIRED_SESSIONS_DAYS = int(os.environ.get("HAVEN_RETAIN_EXPIRED_SESSIONS_DAYS", 0))
HAVEN_RETAIN_EXPIRED_RATE_LIMITS_DAYS = int(os.environ.get("HAVEN_RETAIN_EXPIRED_RATE_LIMITS_DAYS", 0))
HAVEN_RETAIN_DELETED_POSTS_DAYS = int(
    os.environ.get("HAVEN_RETAIN_DELETED_POSTS_DAYS", 30)
)  # the review window
HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS = int(
    os.environ.get("HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS", 180)
)
HAVEN_RETAIN_EXPOSURES_DAYS = int(os.environ.get("HAVEN_RETAIN_EXPOSURES_DAYS", 90))
HAVEN_RETAIN_AUDIT_LOG_DAYS = int(os.environ.get("HAVEN_RETAIN_AUDIT_LOG_DAYS", 6 * 365))
# pg_dump and pg_restore of the server's major version, when not the embedded server's or Debian's.
HAVEN_POSTGRES_BIN_DIR = os.environ.get("HAVEN_POSTGRES_BIN_DIR", "")
HAVEN_VERIFICATION_MAX_UPLOAD_BYTES = int(
    os.environ.get("HAVEN_VERIFICATION_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
)
# Crisis resources shown on the crisis page and in the support panel; a deployment may replace
# them with HAVEN_CRISIS_RESOURCES_JSON (a JSON list of {"name", "detail", "phone", "url"}).
HAVEN_CRISIS_RESOURCES = [
    {"name": "Emergency services", "detail": "Call your local emergency number: 911 (US, Canada), "
     "999 or 112 (UK), 112 (EU), 000 (Australia).", "phone": "", "url": ""},
    {"name": "988 Suicide & Crisis Lifeline (US)", "detail": "Call or text 988, any time.",
     "phone": "988", "url": "https://988lifeline.org"},
    {"name": "Samaritans (UK and Ireland)", "detail": "Call 116 123 free, any time.",
     "phone": "116123", "url": "https://www.samaritans.org"},
    {"name": "Find a helpline (international)", "detail": "Free, confidential helplines in your country.",
     "phone": "", "url": "https://findahelpline.com"},
]  # fmt: skip
if os.environ.get("HAVEN_CRISIS_RESOURCES_JSON"):
    HAVEN_CRISIS_RESOURCES = json.loads(os.environ["HAVEN_CRISIS_RESOURCES_JSON"])


class ClientErrorsInOneLine(logging.Filter):
    """Django logs a refused request (403 PermissionDenied, 400 BadRequest) with the exception's
    traceback, which reads like a crash; a refusal is the site working, so it keeps one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_in_one_line": {"()": ClientErrorsInOneLine}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"filters": ["client_errors_in_one_line"]},
        # Each background task's start and end, at INFO: with DEBUG on, Django printed every one of
        # them (hundreds while the demo seeds) among what a person running the site needs to read.
        "django.tasks": {"level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
