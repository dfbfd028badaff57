import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { formInput, readFormBody } from "../../src/engine/form-body.js";
import { fieldsOf, renderForm, workflowLabel } from "../../src/engine/forms.js";
import { isAppError } from "../../src/errors.js";
import { repoRoot } from "../support/harness.js";

const everyField = parse(
  readFileSync(
    join(repoRoot, "test/fixtures/gitops/workflows/every_field.yaml"),
    "utf8",
  ),
);
const schema = everyField.input as Record<string, unknown>;

/** A body as GitHub renders a submitted issue form. */
function githubBody(sections: [string, string][]): string {
  return sections
    .map(([label, text]) => `### ${label}\n\n${text}`)
    .join("\n\n");
}

type Element = {
  type: string;
  id?: string;
  attributes: Record<string, unknown>;
  validations?: { required: boolean };
};

describe("an issue form made from a workflow's input", () => {
  const form = renderForm(everyField) as { body: Element[]; name: string };
  const byLabel = (label: string) =>
    form.body.find((e) => e.attributes["label"] === label);

  it("names its workflow in a required one-option dropdown first", () => {
    const [intro, first] = form.body;
    assert.equal(intro?.type, "markdown");
    assert.equal(first?.attributes["label"], workflowLabel);
    assert.deepEqual(first?.attributes["options"], ["every_field"]);
    assert.deepEqual(first?.validations, { required: true });
  });

  const cases: [string, string, Record<string, unknown>][] = [
    ["service", "input", { description: "The unit." }],
    ["ticket", "input", { description: "A whole number." }],
    ["ratio", "input", { description: "A number." }],
    ["host", "dropdown", { options: ["web-1", "web-2"] }],
    ["workers", "dropdown", { options: ["1", "2", "4"] }],
    ["dry_run", "checkboxes", { options: [{ label: "dry_run" }] }],
    ["notify", "dropdown", { options: ["true", "false"], default: 0 }],
    [
      "regions",
      "checkboxes",
      { options: [{ label: "eu" }, { label: "us" }, { label: "ap" }] },
    ],
    ["paths", "textarea", { description: "One value per line." }],
    ["limits", "textarea", { render: "yaml" }],
    ["Note for approvers", "input", {}],
  ];
  for (const [label, type, attributes] of cases) {
    it(`draws \`${label}\` as ${type}`, () => {
      const element = byLabel(label);
      assert.equal(element?.type, type);
      for (const [key, value] of Object.entries(attributes)) {
        assert.deepEqual(element?.attributes[key], value, key);
      }
    });
  }

  it("marks required inputs as required, and no checkbox", () => {
    const required = form.body
      .filter((e) => e.validations?.required)
      .map((e) => e.attributes["label"]);
    assert.deepEqual(required, [workflowLabel, "service", "ticket"]);
  });

  it("gives every field a distinct id GitHub accepts", () => {
    const ids = form.body.flatMap((e) => (e.id ? [e.id] : []));
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^[A-Za-z0-9_-]+$/.test(id)));
  });
});

describe("a rendered issue-form body", () => {
  const body = githubBody([
    [workflowLabel, "every_field"],
    ["service", "crond"],
    ["ticket", "42"],
    ["ratio", "0.5"],
    ["host", "web-2"],
    ["workers", "4"],
    ["dry_run", "- [X] dry_run"],
    ["notify", "false"],
    ["regions", "- [X] eu\n- [ ] us\n- [x] ap"],
    ["paths", "/var/log/a\n\n/var/log/b"],
    ["limits", "```yaml\ncpu: 2\nmemory: 512M\n```"],
    ["Note for approvers", "_No response_"],
  ]);

  it("reads back into typed input, every field type", () => {
    const form = readFormBody(body);
    assert.equal(form?.workflow, "every_field");
    assert.deepEqual(formInput(form!, schema), {
      input: {
        service: "crond",
        ticket: 42,
        ratio: 0.5,
        host: "web-2",
        workers: 4,
        dry_run: true,
        notify: false,
        regions: ["eu", "ap"],
        paths: ["/var/log/a", "/var/log/b"],
        limits: { cpu: 2, memory: "512M" },
      },
      problems: [],
    });
  });

  it("reads a box left unticked as false and Windows line ends alike", () => {
    const unticked = body
      .replace("- [X] dry_run", "- [ ] dry_run")
      .replaceAll("\n", "\r\n");
    const { input } = formInput(readFormBody(unticked)!, schema);
    assert.equal(input["dry_run"], false);
    assert.equal(input["service"], "crond");
  });

  const wrong: [string, string, string, RegExp][] = [
    [
      "a dropdown value it does not offer",
      "host",
      "web-9",
      /`host` must be one of: "web-1", "web-2"/,
    ],
    [
      "a choice it does not offer",
      "regions",
      "- [x] mars",
      /`regions` offers no choice `mars`/,
    ],
    [
      "YAML that does not parse",
      "limits",
      "```yaml\ncpu: [2\n```",
      /`limits` is not valid YAML/,
    ],
    [
      "a heading the workflow does not know",
      "colour",
      "red",
      /`colour` is not an input/,
    ],
  ];
  for (const [name, label, text, problem] of wrong) {
    it(`names the field when given ${name}`, () => {
      const changed = githubBody([
        [workflowLabel, "every_field"],
        [label, text],
      ]);
      const { problems } = formInput(readFormBody(changed)!, schema);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, problem);
    });
  }

  it("leaves a number that is not one as text, for the schema to name", () => {
    const changed = githubBody([
      [workflowLabel, "every_field"],
      ["ticket", "4x"],
    ]);
    assert.equal(
      formInput(readFormBody(changed)!, schema).input["ticket"],
      "4x",
    );
  });
});

describe("a body that is not from a form", () => {
  const cases: [string, string][] = [
    ["plain text", "crond is stuck on web-1"],
    ["another heading first", "### Steps\n\nrestart it"],
    ["text before the heading", `hello\n\n### ${workflowLabel}\n\nx`],
    ["an empty body", ""],
  ];
  for (const [name, body] of cases) {
    it(`is not read as one: ${name}`, () => {
      assert.equal(readFormBody(body), undefined);
    });
  }

  it("with a workflow that is no name is refused with its code", () => {
    const body = githubBody([[workflowLabel, "../../etc"]]);
    assert.throws(
      () => readFormBody(body),
      (err) => isAppError(err, "AR_REQUEST_FORM"),
    );
  });
});

describe("field labels", () => {
  it("fall back to the key when two titles would collide", () => {
    const fields = fieldsOf({
      type: "object",
      properties: {
        a: { type: "string", title: "Same" },
        b: { type: "string", title: "Same" },
      },
    });
    assert.deepEqual(
      fields.map((f) => f.label),
      ["Same", "b"],
    );
  });
});
