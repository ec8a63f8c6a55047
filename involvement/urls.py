from django.urls import path

from involvement import feedback_views, letters_views, portal_views, views

member_patterns = (
    [
        path("", views.involvement_mine, name="mine"),
        path("<id:involvement_id>/", views.involvement_detail, name="detail"),
        path("<id:involvement_id>/claims/new/", views.claim_new, name="claim_new"),
        path("<id:involvement_id>/end/", views.involvement_end, name="end"),
        path("claims/<id:claim_id>/answer/", views.claim_answer, name="claim_answer"),
        path("receipts/<id:receipt_id>/", views.receipt_download, name="receipt"),
        path("benefits/", letters_views.benefits_totals, name="benefits"),
        path("<id:involvement_id>/letters/", letters_views.letters_page, name="letters"),
        path(
            "<id:involvement_id>/letters/<slug:kind>.pdf",
            letters_views.letter_download,
            name="letter",
        ),
        path("<id:involvement_id>/feedback/", feedback_views.questionnaire, name="feedback"),
    ],
    "involvement",
)

portal_patterns = (
    [
        path(
            "opportunities/<id:opportunity_id>/",
            portal_views.opportunity_involvements,
            name="opportunity",
        ),
        path(
            "organisations/<id:organisation_id>/payments/",
            portal_views.organisation_payments,
            name="payments",
        ),
        path(
            "organisations/<id:organisation_id>/feedback/",
            feedback_views.organisation_feedback,
            name="feedback",
        ),
        path("<id:involvement_id>/", portal_views.involvement_detail, name="detail"),
        path("<id:involvement_id>/sessions/", portal_views.session_new, name="session_new"),
        path("<id:involvement_id>/fees-paid/", portal_views.fee_paid, name="fee_paid"),
        path("<id:involvement_id>/terms/", portal_views.terms, name="terms"),
        path("<id:involvement_id>/end/", portal_views.involvement_end, name="end"),
        path("claims/<id:claim_id>/", portal_views.claim_detail, name="claim"),
        path("claims/<id:claim_id>/decide/", portal_views.claim_decide, name="claim_decide"),
        path("claims/<id:claim_id>/paid/", portal_views.claim_paid, name="claim_paid"),
    ],
    "involvement_portal",
)
