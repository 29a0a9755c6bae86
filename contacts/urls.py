from django.urls import path

from contacts import transfer_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("board/", views.board, name="board"),
    path("new/", views.contact_create, name="create"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/delete/", views.contact_delete, name="delete"),
    path("<int:pk>/stage/", views.contact_move, name="move"),
    path("<int:pk>/merge/", views.contact_merge, name="merge"),
    # Import and export (contacts/transfer_views.py).
    path("import/", transfer_views.import_upload, name="import"),
    path("import/template.csv", transfer_views.import_template, name="import_template"),
    path("import/<int:pk>/", transfer_views.import_preview, name="import_preview"),
    path(
        "import/<int:pk>/confirm/", transfer_views.import_confirm, name="import_confirm"
    ),
    path("import/<int:pk>/cancel/", transfer_views.import_cancel, name="import_cancel"),
    path("export.csv", transfer_views.export_csv, name="export_csv"),
    path("export.vcf", transfer_views.export_vcard, name="export_vcard"),
]
