package io.tenantry.local.iam;

/** A statement's {@code Effect}. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String json;

    Effect(String json) {
        this.json = json;
    }

    /** The element's value as IAM spells it: {@code Allow} or {@code Deny}, case-sensitive. */
    static Effect parse(String value) {
        for (Effect effect : values()) {
            if (effect.json.equals(value)) {
                return effect;
            }
        }
        throw new PolicyException("Effect must be Allow or Deny, not " + value);
    }

    @Override
    public String toString() {
        return json;
    }
}
