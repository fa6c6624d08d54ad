#!/usr/bin/env python3
"""Writes docs/goals.md from the plugin descriptor that maven-plugin-plugin generates.

Usage (from the repository root, after `./mvnw -q -pl twin-maven-plugin -am -DskipTests package`):
    python3 docs/tools/goals.py > docs/goals.md
"""
import re
import xml.etree.ElementTree as ET

DESCRIPTOR = "twin-maven-plugin/target/classes/META-INF/maven/plugin.xml"


def text(value):
    value = re.sub(r"<[^>]+>", "", value or "")
    value = value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#39;", "'")
    return " ".join(value.split()).replace("|", "\\|")


root = ET.parse(DESCRIPTOR).getroot()
print("# twin goals\n")
print("Generated from the plugin descriptor by `docs/tools/goals.py`; `mvn twin:help -Ddetail -Dgoal=<goal>`")
print("prints the same. Properties are set with `-D<property>=<value>` or in the plugin's `<configuration>`.\n")
for mojo in sorted(root.iter("mojo"), key=lambda m: m.findtext("goal")):
    goal = mojo.findtext("goal")
    print(f"## twin:{goal}\n")
    print(text(mojo.findtext("description")) + "\n")
    config = {c.tag: (c.text or "", c.attrib.get("default-value", "")) for c in (mojo.find("configuration") or [])}
    rows = []
    for p in mojo.find("parameters") or []:
        name = p.findtext("name")
        if p.findtext("editable") == "false":
            continue
        expr, default = config.get(name, ("", ""))
        prop = re.fullmatch(r"\$\{([^}]+)\}", expr.strip())
        rows.append((name, prop.group(1) if prop else "", default, text(p.findtext("description"))))
    if rows:
        print("| parameter | property | default | description |")
        print("| --- | --- | --- | --- |")
        for name, prop, default, desc in rows:
            print(f"| `{name}` | {f'`{prop}`' if prop else ''} | {f'`{default}`' if default else ''} | {desc} |")
        print()
