-- macro to_number(value): a number written as text (a history row's old or new value), null when it is not one.
-- duckdb
try_cast({{ value }} as double)
-- athena
try(cast({{ value }} as double))
