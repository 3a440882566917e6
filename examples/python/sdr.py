#!/usr/bin/env python3
"""A second, independent implementation of the Suspended-device rules (SECMP0105), in Python.

Written from docs/specification.md (§2 the rules, §3 the JSON shapes) and the DUIS facts, not from
the TypeScript sources, and speaking the conformance protocol of §6 on standard input and output:

    suspended-device-rules verify --implementation "python3 examples/python/sdr.py"

Python 3.11, standard library only. It reads the criticality of the 129 Service Request Variants
from data/service-request-variants.json (or the file named by SDR_SRV_CATALOGUE) when it starts.

SDR_PLANT plants a known divergence, to show that `verify` finds it:
    SDR_PLANT=sr112-refused   SR11.2 Read Firmware Version is refused (E5) in the SECMP0105 edition
                              too, as it was before the modification.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

NAME = "sdr-python"
VERSION = "1.0.0"
EDITIONS = ["baseline", "SECMP0105"]
PLANT = os.environ.get("SDR_PLANT", "")

# ----------------------------------------------------------------------------------------------
# the SRV catalogue

HERE = Path(__file__).resolve().parent
CATALOGUE = Path(os.environ.get("SDR_SRV_CATALOGUE", HERE.parent.parent / "data" / "service-request-variants.json"))


def load_catalogue(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {v["srv"]: {"critical": bool(v["critical"]), "nonDevice": bool(v["nonDevice"])} for v in data["serviceRequestVariants"]}


SRVS = load_catalogue(CATALOGUE)

# ----------------------------------------------------------------------------------------------
# input checks (§2 "Input errors", §3 shapes): every problem is collected with its path


class InputError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


DEVICE_STATUSES = ["Pending", "Whitelisted", "InstalledNotCommissioned", "Commissioned", "Decommissioned",
                   "Withdrawn", "Suspended", "Recovery", "Recovered"]
DEVICE_TYPES = ["ESME", "GSME", "GPF", "CHF", "PPMID", "HCALCS"]
TYPE_2 = ["IHD", "CAD"]
SMETS = ["SMETS1", "SMETS2"]
CPL_STATUSES = ["Current", "Removed"]
RESPONDENTS = ["Device", "GPF"]
ACTIVATE_CODES = ["success", "noImageHeld", "hashMismatch", "activationFailure"]
EUI64 = re.compile(r"[0-9A-F]{2}(-[0-9A-F]{2}){7}")
# DUIS sections 8 and 12: their Non-Device SRVs touch only the DCC's own records (rule A8)
DCC_RECORD_SECTIONS = ("8", "12")


def show(value: Any) -> str:
    return "nothing" if value is MISSING else json.dumps(value)[:80]


MISSING = object()


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, expected: str, value: Any) -> None:
        self.problems.append(f"{path}: expected {expected}, got {show(value)}")

    def obj(self, path: str, value: Any) -> bool:
        if not isinstance(value, dict):
            self.fail(path, "an object", value)
            return False
        return True

    def only(self, path: str, value: dict, allowed: list[str]) -> None:
        for key in value:
            if key not in allowed:
                self.problems.append(f"{path}.{key}: is not a field here; expected only {', '.join(allowed)}")

    def string(self, path: str, value: Any, low: int, high: int | None = None) -> None:
        if not isinstance(value, str) or len(value) < low or (high is not None and len(value) > high):
            self.fail(path, f"a string of {low} to {high if high is not None else 'any number of'} characters", value)

    def eui64(self, path: str, value: Any) -> None:
        if not isinstance(value, str) or EUI64.fullmatch(value) is None:
            self.fail(path, "an EUI-64 (eight upper-case hex pairs joined by -)", value)

    def one_of(self, path: str, value: Any, values: list[str]) -> None:
        if not isinstance(value, str) or value not in values:
            self.fail(path, " | ".join(json.dumps(v) for v in values), value)

    def required(self, path: str, value: dict, key: str) -> Any:
        if key not in value:
            self.problems.append(f"{path}.{key}: is required")
            return MISSING
        return value[key]

    def done(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def check_device(c: Checker, device: Any) -> None:
    if not c.obj("device", device):
        return
    for key, check in (("deviceId", c.eui64), ("manufacturer", None), ("model", None), ("firmwareVersion", None)):
        v = c.required("device", device, key)
        if v is MISSING:
            continue
        if key == "deviceId":
            c.eui64("device.deviceId", v)
        elif key == "firmwareVersion":
            c.string("device.firmwareVersion", v, 1, 8)
        else:
            c.string(f"device.{key}", v, 1)
    t = c.required("device", device, "deviceType")
    if t is not MISSING:
        if t in TYPE_2:
            c.problems.append(f"device.deviceType: is a Type 2 device ({t}), which carries no SMI status")
        else:
            c.one_of("device.deviceType", t, DEVICE_TYPES)
    g = c.required("device", device, "smetsGeneration")
    if g is not MISSING:
        c.one_of("device.smetsGeneration", g, SMETS)
    status = c.required("device", device, "status")
    if status is not MISSING:
        c.one_of("device.status", status, DEVICE_STATUSES)
    before = device.get("statusBeforeSuspension", MISSING)
    if before is not MISSING:
        c.one_of("device.statusBeforeSuspension", before, [s for s in DEVICE_STATUSES if s != "Suspended"])
    if status == "Suspended" and before is MISSING:
        c.problems.append("device.statusBeforeSuspension: is required when status is Suspended")
    if status != "Suspended" and before is not MISSING:
        c.problems.append("device.statusBeforeSuspension: must be absent unless status is Suspended")
    for key in ("responsibleImportSupplier", "responsibleNetworkOperator"):
        if key in device:
            c.eui64(f"device.{key}", device[key])


def check_cpl(c: Checker, cpl: Any) -> None:
    if not isinstance(cpl, list):
        c.fail("cpl", "an array of CPL entries", cpl)
        return
    seen: dict[tuple, int] = {}
    for i, entry in enumerate(cpl):
        path = f"cpl[{i}]"
        if not c.obj(path, entry):
            continue
        c.only(path, entry, ["manufacturer", "model", "firmwareVersion", "status"])
        for key in ("manufacturer", "model", "firmwareVersion", "status"):
            v = c.required(path, entry, key)
            if v is MISSING:
                continue
            if key == "status":
                c.one_of(f"{path}.status", v, CPL_STATUSES)
            else:
                c.string(f"{path}.{key}", v, 1, 8 if key == "firmwareVersion" else None)
        key = (json.dumps(entry.get("manufacturer")), json.dumps(entry.get("model")), json.dumps(entry.get("firmwareVersion")))
        if key in seen:
            c.problems.append(f"{path}: duplicates entry {seen[key]}; expected each entry once")
        else:
            seen[key] = i


def is_integer(v: Any) -> bool:
    return not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))


def check_request(c: Checker, request: Any) -> None:
    if not c.obj("request", request):
        return
    c.only("request", request, ["serviceReferenceVariant", "commandVariant", "deviceId"])
    srv = c.required("request", request, "serviceReferenceVariant")
    if srv is not MISSING and (not isinstance(srv, str) or srv not in SRVS):
        c.fail("request.serviceReferenceVariant", "one of the 129 DUIS Service Request Variants", srv)
    cv = c.required("request", request, "commandVariant")
    if cv is not MISSING and (not is_integer(cv) or not 1 <= cv <= 8):
        c.fail("request.commandVariant", "an integer from 1 to 8", cv)
    if "deviceId" in request:
        c.eui64("request.deviceId", request["deviceId"])


def check_response(c: Checker, response: Any) -> None:
    if not c.obj("response", response):
        return
    srv = c.required("response", response, "serviceReferenceVariant")
    if srv not in ("11.2", "11.3"):
        if srv is not MISSING:
            c.fail("response.serviceReferenceVariant", '"11.2" | "11.3"', srv)
        return
    fields = ["serviceReferenceVariant", "firmwareVersion", "respondent", "deviceId"]
    if srv == "11.3":
        fields.append("activateImageResponseCode")
    c.only("response", response, fields)
    if "firmwareVersion" in response:
        c.string("response.firmwareVersion", response["firmwareVersion"], 1, 8)
    if "respondent" in response:
        c.one_of("response.respondent", response["respondent"], RESPONDENTS)
    if "deviceId" in response:
        c.eui64("response.deviceId", response["deviceId"])
    if "activateImageResponseCode" in response:
        c.one_of("response.activateImageResponseCode", response["activateImageResponseCode"], ACTIVATE_CODES)


def check_removal(c: Checker, removal: Any) -> None:
    if not c.obj("removal", removal):
        return
    c.only("removal", removal, ["manufacturer", "model", "firmwareVersion"])
    for key in ("manufacturer", "model", "firmwareVersion"):
        v = c.required("removal", removal, key)
        if v is not MISSING:
            c.string(f"removal.{key}", v, 1, 8 if key == "firmwareVersion" else None)


def same_device(c: Checker, what: str, message: dict, device: dict) -> None:
    if "deviceId" in message and message["deviceId"] != device["deviceId"]:
        c.problems.append(f"{what}.deviceId: is not the device's ({device['deviceId']})")


# ----------------------------------------------------------------------------------------------
# the rules (§2)


def allowed_command_variants(srv: str) -> range:
    info = SRVS[srv]
    if info["nonDevice"]:
        return range(8, 9)
    return range(4, 8) if info["critical"] else range(1, 4)


def authorise(request: Any, device: Any, edition: str) -> dict:
    c = Checker()
    check_request(c, request)
    check_device(c, device)
    c.done()
    same_device(c, "request", request, device)
    c.done()
    srv, cv = request["serviceReferenceVariant"], int(request["commandVariant"])
    info = SRVS[srv]
    if cv not in allowed_command_variants(srv):
        return {"outcome": "Rejected", "responseCode": "E12", "rules": ["A1"]}
    if PLANT == "sr112-refused" and srv == "11.2" and edition == "SECMP0105":
        return {"outcome": "Rejected", "responseCode": "E5", "rules": ["A7"]}
    if device["status"] != "Suspended":
        return {"outcome": "Authorised", "rules": ["A2"]}
    if info["critical"]:
        return {"outcome": "Authorised", "rules": ["A3"]}
    if srv in ("11.1", "6.23"):
        return {"outcome": "Authorised", "rules": ["A4"]}
    if srv == "2.2" and cv == 2 and device["smetsGeneration"] == "SMETS1":
        return {"outcome": "Authorised", "rules": ["A5"]}
    if srv == "11.2" and edition == "SECMP0105":
        return {"outcome": "Authorised", "rules": ["A6"]}
    if info["nonDevice"] and srv.split(".")[0] in DCC_RECORD_SECTIONS:
        return {"outcome": "Authorised", "rules": ["A8"]}
    return {"outcome": "Rejected", "responseCode": "E5", "rules": ["A7"]}


def alerts_for(device: dict, build) -> list[dict]:
    out = []
    for recipient, field in (("ResponsibleImportSupplier", "responsibleImportSupplier"),
                             ("ResponsibleNetworkOperator", "responsibleNetworkOperator")):
        alert = build()
        alert["recipient"] = recipient
        if field in device:
            alert["recipientUserId"] = device[field]
        out.append(alert)
    return out


def is_current(cpl: list, device: dict, version: str) -> bool:
    return any(e["manufacturer"] == device["manufacturer"] and e["model"] == device["model"]
               and e["firmwareVersion"] == version and e["status"] == "Current" for e in cpl)


def restore(device: dict, version: str) -> tuple[dict, list]:
    after = {k: v for k, v in device.items() if k != "statusBeforeSuspension"}
    after["status"] = device["statusBeforeSuspension"]
    after["firmwareVersion"] = version
    return after, alerts_for(device, lambda: {"code": "N29", "deviceId": device["deviceId"]})


def process(response: Any, device: Any, cpl: Any, edition: str) -> dict:
    c = Checker()
    check_response(c, response)
    check_device(c, device)
    check_cpl(c, cpl)
    c.done()
    same_device(c, "response", response, device)
    gpf = response.get("respondent") == "GPF"
    if gpf and not (response["serviceReferenceVariant"] == "11.2" and device["deviceType"] == "GSME"):
        c.problems.append("response.respondent: the GPF answers only an SR11.2 for a GSME")
    c.done()
    version = response.get("firmwareVersion")
    unchanged = lambda rule: {"device": device, "alerts": [], "rules": [rule]}  # noqa: E731
    suspended = device["status"] == "Suspended"
    if response["serviceReferenceVariant"] == "11.2":
        if gpf:
            alerts = []
            if version is not None and version != device["firmwareVersion"]:
                alerts = alerts_for(device, lambda: {"code": "N52", "deviceId": device["deviceId"], "deviceType": "GSME",
                                                     "firmwareVersionSmi": device["firmwareVersion"],
                                                     "firmwareVersionDevice": version})
            return {"device": device, "alerts": alerts, "rules": ["R1"]}
        if edition == "SECMP0105" and suspended and version is not None and is_current(cpl, device, version):
            after, alerts = restore(device, version)
            return {"device": after, "alerts": alerts, "rules": ["R2"]}
        return unchanged("R3")
    # SR11.3
    if version is None:
        return unchanged("R6")
    if not is_current(cpl, device, version):
        return unchanged("R7")
    succeeded = edition == "SECMP0105" or response.get("activateImageResponseCode") == "success"
    if suspended:
        if not succeeded:
            return unchanged("R4")
        after, alerts = restore(device, version)
        return {"device": after, "alerts": alerts, "rules": ["R4"]}
    if not succeeded:
        return unchanged("R5")
    return {"device": {**device, "firmwareVersion": version}, "alerts": [], "rules": ["R5"]}


def cpl_removal(removal: Any, device: Any, cpl: Any) -> dict:
    c = Checker()
    check_removal(c, removal)
    check_device(c, device)
    check_cpl(c, cpl)
    c.done()
    key = (removal["manufacturer"], removal["model"], removal["firmwareVersion"])
    at = [i for i, e in enumerate(cpl) if (e["manufacturer"], e["model"], e["firmwareVersion"]) == key]
    if not at or cpl[at[0]]["status"] != "Current":
        raise InputError(["removal: names firmware the CPL does not hold as Current"])
    new_cpl = [dict(e, status="Removed") if i == at[0] else e for i, e in enumerate(cpl)]
    runs_it = (device["manufacturer"], device["model"], device["firmwareVersion"]) == key
    if runs_it and device["status"] not in ("Suspended", "Decommissioned", "Withdrawn"):
        after = {**device, "status": "Suspended", "statusBeforeSuspension": device["status"]}
        return {"device": after, "cpl": new_cpl, "rules": ["S1"]}
    return {"device": device, "cpl": new_cpl, "rules": ["S2"]}


# ----------------------------------------------------------------------------------------------
# the protocol (§6)


def answer(message: Any) -> dict | None:
    if not isinstance(message, dict):
        return {"id": None, "error": {"message": "expected one JSON object"}}
    mid, cmd = message.get("id"), message.get("cmd")
    if cmd == "start":
        return {"id": mid, "ready": True, "implementation": {"name": NAME, "version": VERSION},
                "editions": EDITIONS, "rules": True}
    if cmd == "stop":
        return None
    edition = message.get("edition")
    if edition not in EDITIONS:
        return {"id": mid, "error": {"message": f"edition: expected one of {EDITIONS}, got {show(edition)}"}}
    try:
        if cmd == "authorise":
            decision = authorise(message.get("request"), message.get("device"), edition)
        elif cmd == "process":
            decision = process(message.get("response"), message.get("device"), message.get("cpl"), edition)
        elif cmd == "cplRemoval":
            decision = cpl_removal(message.get("removal"), message.get("device"), message.get("cpl"))
        else:
            return {"id": mid, "error": {"message": f"cmd: unknown command {show(cmd)}"}}
    except InputError as e:
        return {"id": mid, "error": {"message": str(e)}}
    return {"id": mid, "decision": decision}


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except json.JSONDecodeError as e:
            reply: dict | None = {"id": None, "error": {"message": f"not JSON: {e}"}}
        else:
            if isinstance(message, dict) and message.get("cmd") == "stop":
                return 0
            reply = answer(message)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
