"""The one hook through which orgs tells the apps above it that a member lost a circle.

forum connects to it (forum/apps.py) to drop the member's notifications about the circle's posts
and their follows of its threads and categories, so that nothing about the circle reaches them
any more. (Visibility itself needs no signal: it is read from the live memberships.)
"""

from django.dispatch import Signal

# Sent inside the transaction that ends the membership, with `circle` and `member`.
circle_membership_ended = Signal()
