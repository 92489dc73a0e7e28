"""An organisation's names and its contact persons, edited by an admin. The services write the audit log."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from extensions import db
from forms.contacts import ContactForm, OrganisationNamesForm
from models import Contact, Organisation
from services.contacts import (
    ContactDetails,
    add_contact,
    get_contact,
    remove_contact,
    rename_organisation,
    update_contact,
)
from services.errors import NotFound, ServiceError
from services.organisations import find_by_code
from views.admin import actor, bp
from views.refusals import field_error, found_or_404
from vocabulary.languages import current_language


def _organisation(code: str) -> Organisation:
    return found_or_404(find_by_code(db.session, code))


def _contact(organisation: Organisation, contact_id: int) -> Contact:
    try:
        return get_contact(db.session, organisation, contact_id)
    except NotFound:
        return found_or_404(None)


def _back(organisation: Organisation):
    return redirect(url_for("admin.organisation", code=organisation.code) + "#contacts-heading")


@bp.route("/organisations/<code>/names", methods=["GET", "POST"])
def organisation_names(code: str):
    organisation = _organisation(code)
    form = OrganisationNamesForm(obj=organisation)
    if form.validate_on_submit():
        try:
            rename_organisation(db.session, organisation, form.name_sv.data, form.name_en.data, actor=actor())
        except ServiceError as exc:
            field_error(form.name_sv, exc)
        else:
            flash(_("The names of %(code)s are saved.", code=organisation.code))
            return redirect(url_for("admin.organisation", code=organisation.code))
    status = 422 if form.errors else 200
    return render_template("admin/organisation_names.html", organisation=organisation, form=form), status


def _details(form: ContactForm) -> ContactDetails:
    return ContactDetails(form.name.data or "", form.email.data or "", form.role.data or "", form.language.data)


def _contact_page(organisation: Organisation, form: ContactForm, contact: Contact | None = None):
    status = 422 if form.errors else 200
    return render_template("admin/contact.html", organisation=organisation, form=form, contact=contact), status


@bp.route("/organisations/<code>/contacts/new", methods=["GET", "POST"])
def new_contact(code: str):
    organisation = _organisation(code)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            added = add_contact(db.session, organisation, _details(form), actor=actor())
        except ServiceError as exc:
            field_error(form.email, exc)
        else:
            flash(
                _(
                    "%(name)s is a contact person of %(organisation)s.",
                    name=added.name,
                    organisation=organisation.name(current_language()),
                )
            )
            return _back(organisation)
    return _contact_page(organisation, form)


@bp.route("/organisations/<code>/contacts/<int:contact_id>", methods=["GET", "POST"])
def edit_contact(code: str, contact_id: int):
    organisation = _organisation(code)
    contact = _contact(organisation, contact_id)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        try:
            changed = update_contact(db.session, contact, _details(form), actor=actor())
        except ServiceError as exc:
            field_error(form.email, exc)
        else:
            flash(_("The contact person is saved.") if changed else _("Nothing was changed."))
            return _back(organisation)
    return _contact_page(organisation, form, contact)


@bp.post("/organisations/<code>/contacts/<int:contact_id>/remove")
def remove_contact_page(code: str, contact_id: int):
    organisation = _organisation(code)
    contact = _contact(organisation, contact_id)
    name = contact.name
    remove_contact(db.session, contact, actor=actor())
    flash(_("%(name)s is no longer a contact person of this organisation.", name=name))
    return _back(organisation)
