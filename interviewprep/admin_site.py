"""The staff admin site."""

from django.contrib import admin


class InterviewPrepAdminSite(admin.AdminSite):
    site_header = "InterviewPrep staff"
    site_title = "InterviewPrep admin"
    index_title = "Run the business"
