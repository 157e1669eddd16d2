import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Checked } from './validation.js';

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className="pref-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      <div className="pref-rows">{children}</div>
    </section>
  );
}

/** A labelled row: the label on the left, the control and its help or error below it on the right. */
export function Row({
  label,
  htmlFor,
  help,
  error,
  messageId,
  children,
}: {
  label: string;
  htmlFor?: string;
  help?: ReactNode;
  error?: string | null;
  messageId?: string;
  children: ReactNode;
}) {
  return (
    <div className="pref-row">
      {htmlFor !== undefined ? (
        <label className="pref-label" htmlFor={htmlFor}>
          {label}
        </label>
      ) : (
        <span className="pref-label">{label}</span>
      )}
      <div className="pref-control">
        {children}
        {error ? (
          <p className="pref-error" role="alert" id={messageId}>
            {error}
          </p>
        ) : help ? (
          <p className="pref-help" id={messageId}>
            {help}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function Segmented<T extends string>({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.value} className={o.value === value ? 'segment segment-on' : 'segment'}>
          <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

export function Toggle({
  id,
  label,
  checked,
  onChange,
  testId,
  disabled,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <label className="toggle" htmlFor={id}>
      <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span className="toggle-track" aria-hidden="true">
        <span className="toggle-thumb" />
      </span>
      <span>{label}</span>
    </label>
  );
}

/**
 * A text field checked on every keystroke; a valid value is saved after a short pause or on blur,
 * an invalid one is shown and never saved.
 */
export function CheckedText<T>({
  id,
  initial,
  parse,
  onValid,
  placeholder,
  serverError,
  help,
  label,
  disabled,
  short,
  testId,
}: {
  id: string;
  initial: string;
  parse: (text: string) => Checked<T>;
  onValid: (value: T) => void;
  placeholder?: string;
  serverError?: string | null;
  help?: ReactNode;
  label: string;
  disabled?: boolean;
  /** For values of a few characters. */
  short?: boolean;
  testId?: string;
}) {
  const [text, setText] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSaved = useRef(initial);
  useEffect(() => {
    if (!dirty) setText(initial);
  }, [initial, dirty]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const checked = parse(text);
  const commit = (value: string) => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const result = parse(value);
    if (result.ok && value !== lastSaved.current) {
      lastSaved.current = value;
      onValid(result.value);
    }
    setDirty(false);
  };
  const error = checked.ok ? (serverError ?? null) : checked.error;
  const errorId = `${id}-msg`;
  return (
    <Row label={label} htmlFor={id} error={error} help={help} messageId={errorId}>
      <input
        id={id}
        className={`text-input${short ? ' short' : ''}${error ? ' invalid' : ''}`}
        type="text"
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || help ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          setDirty(true);
          if (timer.current !== null) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(value), 600);
        }}
        onBlur={(e) => commit(e.target.value)}
      />
    </Row>
  );
}
