// Bootstrap Italia icons from its SVG sprite, cut at build time to the icons the app names
// (scripts/slim.mjs): one cached file, no inline code. Name icons literally ("it-search"), so
// that the build finds them.
import sprite from 'virtual:icons.svg'

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
