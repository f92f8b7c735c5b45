// The modules scripts/slim.mjs provides at build time.
declare module 'virtual:icons.svg' {
  /** The URL of the SVG sprite with the icons the app uses. */
  const url: string
  export default url
}
