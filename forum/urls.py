from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("latest/", views.latest, name="latest"),
    path("latest/unread/", views.unread, name="unread"),
    path("latest/new/", views.new, name="new"),
    path("latest/mark-all-read/", views.mark_all_read, name="mark_all_read"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/follow/", views.subscribe_category, name="subscribe_category"),
    path("new/", views.new_thread, name="new_thread"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/bookmark/", views.bookmark_thread, name="bookmark_thread"),
    path("t/<int:pk>/subscription/", views.subscribe_thread, name="subscribe_thread"),
    path("t/<int:pk>/", views.thread, name="thread_short"),
    path("t/<slug:slug>/<int:pk>/", views.thread, name="thread"),
    path("p/<int:pk>/", views.post_permalink, name="post"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/react/", views.react, name="react"),
    path("p/<int:pk>/reactions/", views.reactions, name="reactions"),
    path("p/<int:pk>/bookmark/", views.bookmark_post, name="bookmark_post"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("search/", views.search_view, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_notifications_read, name="mark_notifications_read"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("help/shortcuts/", views.shortcuts, name="shortcuts"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("crisis/", views.crisis_resources, name="crisis"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
