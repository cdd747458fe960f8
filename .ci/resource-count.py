#!/usr/bin/env python3
"""Counts the stack's resources as CloudFormation will see them, after SAM's transform (cfn-lint's), and fails
above the budget: CloudFormation refuses a stack of more than 500 resources, and one function with its version,
alias, deployment group, log group, role and alarm takes about seven. The budget keeps room for a deploy that adds
a function; raise it only with a plan (docs/operations.md, "Resource budget").

    python3 .ci/resource-count.py [template.yaml]
"""
import collections
import os
import sys

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform

LIMIT = 500
BUDGET = 480

def count(path):
    """The resources of one stack's template after SAM's transform, and the template as written."""
    written, problems = decode(path)
    if problems:
        sys.exit(f"{path} does not parse: {problems}")
    template, _ = decode(path)
    transform = Transform(path, template, "us-east-1")
    errors = transform.transform_template()
    if errors:
        sys.exit(f"SAM's transform failed on {path}: {errors}")
    return transform._template["Resources"], written


def check(path, name):
    resources, written = count(path)
    by_type = collections.Counter(r["Type"] for r in resources.values())
    for kind, n in by_type.most_common(8):
        print(f"  {n:4d} {kind}")
    print(f"{len(resources)} resources in {name} after SAM's transform (budget {BUDGET}, CloudFormation's limit {LIMIT})")
    if len(resources) > BUDGET:
        sys.exit(f"{path} is over the budget of {BUDGET}: split the template or merge resources before adding more")
    # A nested stack (AWS::Serverless::Application at a local Location) is a stack of its own, with its own limit.
    for logical_id, resource in written["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Application":
            continue
        location = resource.get("Properties", {}).get("Location")
        if isinstance(location, str) and not location.startswith(("s3://", "https://")):
            check(os.path.join(os.path.dirname(os.path.abspath(path)), location), f"the nested stack {logical_id}")


check(sys.argv[1] if len(sys.argv) > 1 else "template.yaml", "the stack")
