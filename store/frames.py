"""pandas DataFrames to portable JSON text and back, dtypes and all.

The text is plain JSON (no NaN or Infinity literals, so PostgreSQL's ``json`` would take
it too) that any language can read::

    {"format": 1,
     "index": <index>, "columns": <index>,
     "data": [<column>, ...]}                 # one per column, by position

    <index>  = {"range": [start, stop, step], "name": ...}
             | {"levels": [<column>, ...], "names": [...], "freq": "D" | null}
    <column> = {"dtype": "int64", "kind": "...", "values": [...], ...}

Kinds: ``number`` (numpy and nullable ints, floats and bools; a missing value is
``null``, a float NaN/inf is the string "nan"/"inf"/"-inf"), ``text`` (pandas string
dtypes; ``null`` is missing), ``datetime`` (ISO 8601 text with the offset, ``null`` is
NaT), ``timedelta`` (integers in the dtype's unit), ``category`` (``categories`` as an
index, ``codes``, ``ordered``) and ``object`` (JSON scalars as they are; a date, a
datetime, a NaN, NaT or pd.NA as a one-key object such as ``{"$date": "2027-01-01"}``).

What is read back equals what was written (``pandas.testing.assert_frame_equal`` with
``check_exact=True``, index and column types included). A value that has no such form
(e.g. an arbitrary Python object in an object column) raises ``TypeError`` naming the
column; nothing is ever pickled.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types

FORMAT = 1


def frame_to_json(frame: pd.DataFrame) -> str:
    """``frame`` as JSON text (see the module docstring).

    Raises
    ------
    TypeError
        If a column (named in the message) has a dtype or a value with no portable form.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    data = []
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        try:
            data.append(_encode(column))
        except TypeError as error:
            raise TypeError(f"column {frame.columns[position]!r}: {error}") from None
    payload = {
        "format": FORMAT,
        "index": _encode_index(frame.index),
        "columns": _encode_index(frame.columns),
        "data": data,
    }
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def frame_from_json(text: str) -> pd.DataFrame:
    """The DataFrame that :func:`frame_to_json` wrote."""
    payload = json.loads(text)
    if payload.get("format") != FORMAT:
        raise ValueError(f"unknown table format {payload.get('format')!r}")
    index = _decode_index(payload["index"])
    columns = _decode_index(payload["columns"])
    arrays = {position: _decode(column, index) for position, column in enumerate(payload["data"])}
    frame = pd.DataFrame(arrays, index=index)
    frame.columns = columns
    return frame


# ---- one column -------------------------------------------------------------------------


def _encode(series: pd.Series) -> dict[str, Any]:
    dtype = series.dtype
    out: dict[str, Any] = {"dtype": str(dtype)}
    if isinstance(dtype, pd.CategoricalDtype):
        out.update(
            kind="category",
            categories=_encode_index(dtype.categories),
            ordered=bool(dtype.ordered),
            codes=series.cat.codes.tolist(),
        )
    elif types.is_datetime64_any_dtype(dtype):
        out.update(
            kind="datetime",
            values=[None if pd.isna(value) else value.isoformat() for value in series],
        )
    elif types.is_timedelta64_dtype(dtype):
        ints = series.to_numpy().view("int64").tolist()
        missing = series.isna().tolist()
        out.update(
            kind="timedelta",
            values=[None if gone else v for v, gone in zip(ints, missing, strict=True)],
        )
    elif types.is_string_dtype(dtype) and not types.is_object_dtype(dtype):
        out.update(kind="text", values=[None if pd.isna(v) else str(v) for v in series])
    elif types.is_bool_dtype(dtype) or types.is_integer_dtype(dtype):
        out.update(kind="number", values=[_plain(value) for value in series.tolist()])
    elif types.is_float_dtype(dtype):
        out.update(kind="number", values=[_float(value) for value in series.tolist()])
    elif types.is_object_dtype(dtype):
        out.update(kind="object", values=[_tagged(value) for value in series.tolist()])
    else:
        raise TypeError(f"dtype {dtype} cannot be stored")
    return out


def _decode(column: dict[str, Any], index: pd.Index) -> pd.Series:
    dtype, kind = column["dtype"], column["kind"]
    if kind == "category":
        categories = _decode_index(column["categories"])
        category_type = pd.CategoricalDtype(categories, ordered=column["ordered"])
        values = pd.Categorical.from_codes(column["codes"], dtype=category_type)
        return pd.Series(values, index=index)
    if kind == "datetime":
        text = pd.Series(column["values"], dtype=object)
        tz = pd.api.types.pandas_dtype(dtype).tz if "," in dtype else None
        parsed = pd.to_datetime(text, format="ISO8601", utc=tz is not None)
        if tz is not None:
            parsed = parsed.dt.tz_convert(tz)
        return pd.Series(parsed.to_numpy() if tz is None else parsed.array, index=index).astype(
            dtype
        )
    if kind == "timedelta":
        ints = np.array(
            [np.iinfo("int64").min if v is None else v for v in column["values"]], dtype="int64"
        )
        return pd.Series(ints.view(dtype), index=index)
    if kind == "text":
        return pd.Series(pd.array(column["values"], dtype=dtype), index=index)
    if kind == "number":
        values = [_unfloat(value) for value in column["values"]]
        pandas_dtype = pd.api.types.pandas_dtype(dtype)
        if isinstance(pandas_dtype, np.dtype):
            return pd.Series(np.array(values, dtype=pandas_dtype), index=index)
        return pd.Series(pd.array(values, dtype=pandas_dtype), index=index)
    if kind == "object":
        values = np.empty(len(column["values"]), dtype=object)
        values[:] = [_untagged(value) for value in column["values"]]
        return pd.Series(values, index=index, dtype=object)
    raise ValueError(f"unknown column kind {kind!r}")


def _plain(value: Any) -> Any:
    if value is pd.NA:
        return None
    return value.item() if isinstance(value, np.generic) else value


def _float(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _unfloat(value: Any) -> Any:
    if isinstance(value, str):
        return float(value)
    return value


_TAGS = {
    "$date": dt.date.fromisoformat,
    "$datetime": dt.datetime.fromisoformat,
    "$timestamp": pd.Timestamp,
    "$float": float,
    "$nat": lambda _: pd.NaT,
    "$na": lambda _: pd.NA,
}


def _tagged(value: Any) -> Any:
    """An object-column value as JSON: scalars as they are, the rest as a tagged object."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": _float(value)}
    if value is pd.NaT:
        return {"$nat": True}
    if value is pd.NA:
        return {"$na": True}
    if isinstance(value, pd.Timestamp):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"a value of type {type(value).__name__} cannot be stored")


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        ((tag, text),) = value.items()
        return _TAGS[tag](text)
    return value


# ---- index and column labels ------------------------------------------------------------


def _encode_index(index: pd.Index) -> dict[str, Any]:
    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step], "name": _label(index.name)}
    levels = [
        _encode(pd.Series(index.get_level_values(level), copy=False))
        for level in range(index.nlevels)
    ]
    freq = getattr(index, "freqstr", None) if isinstance(index, pd.DatetimeIndex) else None
    return {"levels": levels, "names": [_label(name) for name in index.names], "freq": freq}


def _decode_index(encoded: dict[str, Any]) -> pd.Index:
    if "range" in encoded:
        return pd.RangeIndex(*encoded["range"], name=_unlabel(encoded["name"]))
    names = [_unlabel(name) for name in encoded["names"]]
    length = len(encoded["levels"][0].get("values", encoded["levels"][0].get("codes")))
    plain = pd.RangeIndex(length)
    levels = [pd.Index(_decode(level, plain)) for level in encoded["levels"]]
    if len(levels) > 1:
        return pd.MultiIndex.from_arrays(levels, names=names)
    index = levels[0].rename(names[0])
    if encoded.get("freq"):
        index = pd.DatetimeIndex(index, freq=encoded["freq"])
    return index


def _label(name: Any) -> Any:
    """An index name or column label as JSON (tuples become tagged lists)."""
    if isinstance(name, tuple):
        return {"$tuple": [_label(part) for part in name]}
    return _tagged(name)


def _unlabel(name: Any) -> Any:
    if isinstance(name, dict) and "$tuple" in name:
        return tuple(_unlabel(part) for part in name["$tuple"])
    return _untagged(name)
