import type { ComponentProps, ReactNode } from 'react';

/**
 * Labelled form controls as every console form draws them:
 * `<div class="field"><label for=ID>label</label><control id=ID …/></div>`.
 * The id is given once and put on both ends, so a label cannot point at the wrong control; the browser
 * tests and the axe checks find controls by their label. Every other prop goes to the control unchanged.
 */
type Labelled<Props> = Omit<Props, 'id'> & { id: string; label: string };

function LabelledField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

export function TextField({ id, label, ...input }: Labelled<ComponentProps<'input'>>) {
  return (
    <LabelledField id={id} label={label}>
      <input id={id} {...input} />
    </LabelledField>
  );
}

export function SelectField({ id, label, children, ...select }: Labelled<ComponentProps<'select'>>) {
  return (
    <LabelledField id={id} label={label}>
      <select id={id} {...select}>
        {children}
      </select>
    </LabelledField>
  );
}

export function TextAreaField({ id, label, ...textarea }: Labelled<ComponentProps<'textarea'>>) {
  return (
    <LabelledField id={id} label={label}>
      <textarea id={id} {...textarea} />
    </LabelledField>
  );
}

/**
 * The older shape some cards still use, the label wrapping its control (no id needed):
 * `<label class="field">label<control/></label>`. Kept as it is so those screens render the same.
 */
export function WrappingLabel({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label
    <label className="field">
      {label}
      {children}
    </label>
  );
}

/** A record id typed by hand (a campaign, a brand, a URL): a required whole number from 1, label around it. */
export function IdField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <WrappingLabel label={label}>
      <input type="number" min={1} required value={value} onChange={(e) => onChange(e.target.value)} />
    </WrappingLabel>
  );
}

/** The <option>s of a select of named records (sources, organisations): the id as value, the name shown. */
export function NamedOptions({ items }: { items: readonly { id: number; name: string }[] | undefined }) {
  return (
    <>
      {(items ?? []).map((item) => (
        <option key={item.id} value={String(item.id)}>
          {item.name}
        </option>
      ))}
    </>
  );
}
