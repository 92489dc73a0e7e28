"""A contact person's data: look it up by e-mail address, download it (register extract), erase it.

The organisation's answers are official records and stay; only the person's address and name go.
"""

import json

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from extensions import db
from forms.admin import EraseForm, PersonForm
from services.errors import ServiceError
from services.personal_data import erase_person, export_person, find_person
from views.admin import actor, bp
from views.refusals import flash_error


@bp.get("/privacy/")
def privacy():
    form = PersonForm(request.args, meta={"csrf": False})
    person = None
    if request.args.get("email") and form.validate():
        person = find_person(db.session, form.email.data)
    erase_form = EraseForm(data={"email": person.email} if person else None)
    return render_template(
        "admin/privacy.html",
        form=form,
        erase_form=erase_form,
        person=person,
        retention_days=current_app.config["CONTACT_RETENTION_DAYS"],
    ), (422 if form.errors else 200)


@bp.post("/privacy/export")
def privacy_export():
    form = PersonForm()
    if not form.validate():
        flash(_("Enter the e-mail address."), "error")
        return redirect(url_for("admin.privacy"))
    person = find_person(db.session, form.email.data)
    extract = export_person(db.session, person, actor=actor())
    response = current_app.response_class(
        json.dumps(extract, ensure_ascii=False, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@bp.post("/privacy/erase")
def privacy_erase():
    form = EraseForm()
    if not form.validate():
        person = find_person(db.session, form.email.data) if form.email.data else None
        search_form = PersonForm(data={"email": form.email.data}, meta={"csrf": False})
        return render_template(
            "admin/privacy.html",
            form=search_form,
            erase_form=form,
            person=person,
            retention_days=current_app.config["CONTACT_RETENTION_DAYS"],
        ), 422
    person = find_person(db.session, form.email.data)
    if not person.found:
        flash(_("Nothing is stored about that address."), "error")
        return redirect(url_for("admin.privacy"))
    if any(user.id == current_user.id for user in person.users):
        flash(_("You cannot erase your own account. Ask another admin."), "error")
        return redirect(url_for("admin.privacy", email=person.email))
    try:
        erased = erase_person(db.session, person, actor=actor())
    except ServiceError as exc:
        flash_error(exc)
        return redirect(url_for("admin.privacy", email=person.email))
    flash(
        _(
            "Erased: %(accounts)d accounts and %(contacts)d invitation contacts. The organisations' answers are kept.",
            accounts=erased.accounts,
            contacts=erased.contacts,
        )
    )
    if erased.contact_persons:
        flash(_("Removed as a contact person of %(n)d organisations.", n=erased.contact_persons))
    return redirect(url_for("admin.privacy"))
