"""``field__has="text"``: plain substring test without LIKE's pattern rules.

The search columns are already normalised (NFKC + casefold), so no case
folding is needed, and INSTR/STRPOS are markedly faster than LIKE '%…%'.
"""

from django.db.models import CharField, Lookup, TextField


class Has(Lookup):
    lookup_name = "has"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"INSTR({lhs}, {rhs}) > 0", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"STRPOS({lhs}, {rhs}) > 0", [*lhs_params, *rhs_params]


CharField.register_lookup(Has)
TextField.register_lookup(Has)
