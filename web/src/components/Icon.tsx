// Bootstrap Italia icons from its SVG sprite: one cached file, no inline code.
import sprite from 'bootstrap-italia/dist/svg/sprites.svg?url'

type Props = {
  name: string
  className?: string
  color?: 'primary' | 'white' | 'success' | 'danger' | 'secondary'
  size?: 'xs' | 'sm' | 'lg'
}

/** A decorative icon: hidden from assistive technology, so give its control a text label. */
export function Icon({ name, className, color, size }: Props) {
  const classes = ['icon', color && `icon-${color}`, size && `icon-${size}`, className].filter(Boolean).join(' ')
  return (
    <svg className={classes} aria-hidden="true" focusable="false">
      <use href={`${sprite}#${name}`} />
    </svg>
  )
}
