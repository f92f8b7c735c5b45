// The good practices that live in a twinning's space, on the twinning's page. The practices
// section fills it in; until then it renders nothing.
export function TwinningPractices(_: { twinningId: string }) {
  return null
}
