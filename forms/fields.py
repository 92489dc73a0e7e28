"""Fields the questionnaire needs beyond WTForms' own."""

from wtforms import Field, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from questionnaire.model import MAX_RANKED


class MultiCheckboxField(SelectMultipleField):
    """Several options as checkboxes. Values are checked by the questionnaire's rules, not WTForms' choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        pass


class RankingField(Field):
    """A ranking as five plain selects (rank 1 … rank 5) that all post under the field's name.

    Works without JavaScript. `data` is the list of five chosen topic ids in rank order, '' for an empty place,
    so a page sent back with an error shows exactly what was chosen.
    """

    places = MAX_RANKED

    def process_formdata(self, valuelist: list[str]) -> None:
        chosen = [value.strip() for value in valuelist[: self.places]]
        self.data = chosen + [""] * (self.places - len(chosen))

    def process_data(self, value) -> None:
        chosen = list(value or [])[: self.places]
        self.data = chosen + [""] * (self.places - len(chosen))

    def _value(self) -> list[str]:
        return self.data or [""] * self.places
