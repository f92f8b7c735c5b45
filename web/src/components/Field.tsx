// Form fields in Bootstrap Italia markup. Each has a visible label, an optional hint and the
// server's error message for it, both tied to the control with aria-describedby.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { Icon } from './Icon'

interface Common {
  id: string
  label: string
  hint?: ReactNode
  error?: string
}

function describedBy({ id, hint, error }: Common): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function Help({ id, hint, error }: Common) {
  return (
    <>
      {hint && (
        <small id={`${id}-hint`} className="form-text d-block">
          {hint}
        </small>
      )}
      {error && (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </div>
      )}
    </>
  )
}

type TextFieldProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>

export function TextField({ id, label, hint, error, className, type = 'text', ...input }: TextFieldProps) {
  return (
    <div className="form-group">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        id={id}
        type={type}
        className={`form-control${error ? ' is-invalid' : ''}${className ? ` ${className}` : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
        {...input}
      />
      <Help id={id} label={label} hint={hint} error={error} />
    </div>
  )
}

type TextAreaFieldProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>

export function TextAreaField({ id, label, hint, error, ...textarea }: TextAreaFieldProps) {
  return (
    <div className="form-group">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <textarea
        id={id}
        className={`form-control${error ? ' is-invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
        {...textarea}
      />
      <Help id={id} label={label} hint={hint} error={error} />
    </div>
  )
}

type SelectFieldProps = Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { children: ReactNode }

export function SelectField({ id, label, hint, error, children, ...select }: SelectFieldProps) {
  return (
    <div className="select-wrapper mb-4">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className={error ? 'is-invalid' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
        {...select}
      >
        {children}
      </select>
      <Help id={id} label={label} hint={hint} error={error} />
    </div>
  )
}

type CheckboxFieldProps = Omit<Common, 'hint' | 'error'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>

export function CheckboxField({ id, label, ...input }: CheckboxFieldProps) {
  return (
    <div className="form-check">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

type FileFieldProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> & {
    /** The text of the button that opens the file chooser. */
    choose: string
    /** The chosen file's name, or what to say when there is none. */
    status: string
  }

/**
 * A file input in Bootstrap Italia's upload style: the native control is hidden and its label
 * is the button, so the text is the page's language rather than the browser's.
 */
export function FileField({ id, label, hint, error, choose, status, ...input }: FileFieldProps) {
  return (
    <div className="file-field">
      <p id={`${id}-label`} className="file-field-label">
        {label}
      </p>
      <input
        id={id}
        type="file"
        className="upload"
        aria-labelledby={`${id}-label ${id}-choose`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
        {...input}
      />
      <label htmlFor={id} id={`${id}-choose`}>
        <Icon name="it-upload" size="sm" />
        {choose}
      </label>
      <span className="ms-3" aria-live="polite">
        {status}
      </span>
      <Help id={id} label={label} hint={hint} error={error} />
    </div>
  )
}
