"""The organisation types the database accepts: the registry's codes (vocabulary/organisation_types.py) as rows.

`organisations.type` refers to this table, so a type is added by a registry entry and a row here (written by
`load-reference`), not by a migration.
"""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class OrganisationType(Base):
    __tablename__ = "organisation_types"

    #: The registry's code: region, lst, kommun, agency, other.
    code: Mapped[str] = mapped_column(String(16), primary_key=True)

    def __repr__(self) -> str:
        return f"<OrganisationType {self.code}>"
