# Nothing here is registered in the admin, on purpose: private messages are read by the two members
# only, and by moderators only through a report (conversations/selectors.py). Staff see no bodies.
