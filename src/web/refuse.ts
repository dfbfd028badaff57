import { fail } from "../errors.js";
import { type FactorToken, factorTokenStatus } from "../store/factor-tokens.js";
import { alreadyConfirmed, type FormFacts, stillWaiting } from "./facts.js";
import type { FormContext } from "./handler.js";
import { refusalPage, type View } from "./views.js";

/** Why a link cannot be used now, as a page; undefined when it can. */
export function refuse(
  context: FormContext,
  token: FactorToken,
  facts: FormFacts,
): View | undefined {
  const { store } = context.runner.services;
  const status = factorTokenStatus(token, store.now());
  switch (status) {
    case "expired": {
      const at = new Date(token.expiresAt).toISOString();
      return refusalPage(410, fail("AR_FORM_EXPIRED", { at }));
    }
    case "used":
      return refusalPage(410, fail("AR_FORM_USED", {}));
    case "dead":
      return refusalPage(410, fail("AR_FORM_LOCKED", token));
    case "revoked":
      return refusalPage(410, fail("AR_FORM_REPLACED", {}));
    case "busy":
      return refusalPage(409, fail("AR_FORM_BUSY", {}));
  }
  if (alreadyConfirmed(store, facts, token)) {
    return refusalPage(410, fail("AR_FORM_USED", {}));
  }
  if (!stillWaiting(facts)) {
    const run = facts.run;
    return refusalPage(
      410,
      fail("AR_FORM_CLOSED", { run: run.id, status: run.status }),
    );
  }
  if (!context.client) {
    return refusalPage(503, fail("AR_FORM_NOT_CONFIGURED", {}));
  }
  return undefined;
}
