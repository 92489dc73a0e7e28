"""Fields the forms need beyond WTForms' own. (The ranking's field lives with its kind, questionnaire/kinds.)"""

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """Several options as checkboxes. Values are checked by the questionnaire's rules, not WTForms' choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        pass
