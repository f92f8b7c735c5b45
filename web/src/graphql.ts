// The operations the web app sends, with the shapes of their results. Operations named in
// shared/contract/operations.graphql are copied from it; where a page needs a field
// more, it is added here (noted below) and `npm run check` validates every operation against
// ../schema/*.graphqls.

import type { UserError } from './client'

/** Marks a GraphQL document for scripts/check-operations.mjs; returns it unchanged. */
const gql = (strings: TemplateStringsArray) => strings.join('')

export type Role = 'OPERATOR' | 'TRAINER' | 'REGIONAL_COORDINATOR' | 'MODERATOR' | 'ADMIN'
export type SearchType = 'GUIDELINE_SECTION' | 'QUESTION' | 'PRACTICE' | 'WORKSHOP'
export type VoteValue = 'UP' | 'DOWN' | 'NONE'

export interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

// --- accounts -------------------------------------------------------------------------------

export const LOGIN = gql`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      token
      user { id displayName roles }
      userErrors { field message code }
    }
  }
`
export interface LoginResult {
  login: { token: string | null; userErrors: UserError[] }
}

export const REGISTER = gql`
  mutation Register($email: String!, $password: String!, $displayName: String!) {
    register(input: { email: $email, password: $password, displayName: $displayName }) {
      token
      user { id displayName roles }
      userErrors { field message code }
    }
  }
`
export interface RegisterResult {
  register: { token: string | null; userErrors: UserError[] }
}

export const LOGOUT = gql`
  mutation Logout {
    logout { ok userErrors { field message code } }
  }
`

export const ME = gql`
  query Me {
    me { id displayName email roles center { id name } region { id name } }
    signupOpen
  }
`
export interface Viewer {
  id: string
  displayName: string
  email: string | null
  roles: Role[]
  center: { id: string; name: string } | null
  region: { id: string; name: string } | null
}
// Where the accessibility statement sends reports: the operator's address, or null.
export const ACCESSIBILITY_CONTACT = gql`
  query AccessibilityContact {
    accessibilityContact
  }
`
export interface AccessibilityContactResult {
  accessibilityContact: string | null
}

export interface MeResult {
  me: Viewer | null
  signupOpen: boolean
}

// --- directory and twinnings ----------------------------------------------------------------

export const REGIONS = gql`
  query Regions {
    regions { id name }
  }
`
export interface RegionsResult {
  regions: { id: string; name: string }[]
}

export const SERVICE_AREAS = gql`
  query ServiceAreas {
    serviceAreas { id slug name }
  }
`
export interface ServiceArea {
  id: string
  slug: string
  name: string
}
export interface ServiceAreasResult {
  serviceAreas: ServiceArea[]
}

// Beyond the contract: visibility, viewerIsMember and phase, which every card shows.
export const TWINNINGS = gql`
  query Twinnings {
    twinnings(first: 20) {
      edges {
        node {
          id
          title
          visibility
          viewerIsMember
          phase
          serviceArea { slug name }
          leadCenter { name region { name } }
          receivingCenters { name region { name } }
          events { title startsAt endsAt place }
          discussion { id }
        }
      }
    }
  }
`
export interface CenterRef {
  name: string
  region: { name: string }
}
export interface Twinning {
  id: string
  title: string
  visibility: SpaceVisibility
  viewerIsMember: boolean
  phase: TwinningPhaseKind | null
  serviceArea: { slug: string; name: string }
  leadCenter: CenterRef
  receivingCenters: CenterRef[]
  events: { title: string; startsAt: string; endsAt: string; place: string }[]
}
export interface TwinningsResult {
  twinnings: { edges: { node: Twinning }[] }
}

// --- spaces (twinnings) ---------------------------------------------------------------------
// A twinning is a space: its card is for everyone, what lives inside follows its visibility
// (null fields for a reader who may not read inside).

export type SpaceVisibility = 'OPEN' | 'COMMUNITY' | 'RESTRICTED'
export type SpaceRole = 'LEAD' | 'RECEIVING' | 'TRAINER' | 'COORDINATOR'
export type TwinningPhaseKind = 'LETTER_OF_INTENT' | 'OPERATIONAL_PROJECT' | 'EXPERIMENTATION' | 'CONCLUDED'

export const spaceVisibilities: SpaceVisibility[] = ['OPEN', 'COMMUNITY', 'RESTRICTED']
export const spaceRoles: SpaceRole[] = ['COORDINATOR', 'LEAD', 'RECEIVING', 'TRAINER']

/** The space a piece of content lives in, as lists show it. */
export interface SpaceRef {
  id: string
  title: string
  visibility: SpaceVisibility
}

// The directory of twinnings, page by page: the same card fields as TWINNINGS.
export const TWINNING_DIRECTORY = gql`
  query TwinningDirectory($first: Int, $after: String) {
    twinnings(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id title visibility viewerIsMember phase
          serviceArea { slug name }
          leadCenter { name region { name } }
          receivingCenters { name region { name } }
          events { title startsAt endsAt place }
        }
      }
    }
  }
`
export interface TwinningDirectoryResult {
  twinnings: { totalCount: number; pageInfo: PageInfo; edges: { node: Twinning }[] }
}

// The contract's TwinningSpace asks for practices too, which this page leaves to
// <TwinningPractices>; members and questions are read by their own sections, page by page.
export const TWINNING_PAGE = gql`
  query TwinningPage($id: ID!) {
    node(id: $id) {
      ... on Twinning {
        id title summaryHTML visibility viewerCanRead viewerIsMember viewerCanManage phase visitSchema
        serviceArea { slug name }
        leadCenter { id name municipality region { name } }
        receivingCenters { id name municipality region { name } }
        phases { kind startsOn endsOn note }
        events { title startsAt endsAt place }
        viewerJoinRequest { id createdAt }
        discussion { id title }
        guidelines { id title year version serviceArea { name } }
        joinRequests { id message createdAt user { id displayName center { name } region { name } } }
        visitReports {
          center { id name }
          governance governanceHTML organisationalContext organisationalContextHTML
          servicesOffered servicesOfferedHTML serviceFocus serviceFocusHTML
          revision updatedAt updatedBy { displayName }
          revisions {
            revision updatedAt updatedBy { displayName }
            governanceHTML organisationalContextHTML servicesOfferedHTML serviceFocusHTML
          }
        }
      }
    }
  }
`
export interface SpaceCenter {
  id: string
  name: string
  municipality: string
  region: { name: string }
}
export interface TwinningPhase {
  kind: TwinningPhaseKind
  startsOn: string
  endsOn: string | null
  note: string
}
export interface TwinningEvent {
  title: string
  startsAt: string
  endsAt: string
  place: string
}
export interface PersonRef {
  id: string
  displayName: string
  center: { name: string } | null
  region: { name: string } | null
}
export interface JoinRequestNode {
  id: string
  message: string
  createdAt: string
  user: PersonRef
}
/** The four texts of the common visit schema, in the order of Twinning.visitSchema. */
export const visitFields = ['governance', 'organisationalContext', 'servicesOffered', 'serviceFocus'] as const
export type VisitField = (typeof visitFields)[number]
type VisitHTML = { [F in VisitField as `${F}HTML`]: string }
export interface VisitRevision extends VisitHTML {
  revision: number
  updatedAt: string
  updatedBy: { displayName: string } | null
}
export interface VisitReportNode extends VisitRevision, Record<VisitField, string> {
  center: { id: string; name: string }
  revisions: VisitRevision[]
}
export interface TwinningDetail {
  id: string
  title: string
  summaryHTML: string
  visibility: SpaceVisibility
  viewerCanRead: boolean
  viewerIsMember: boolean
  viewerCanManage: boolean
  phase: TwinningPhaseKind | null
  visitSchema: string[]
  serviceArea: { slug: string; name: string }
  leadCenter: SpaceCenter
  receivingCenters: SpaceCenter[]
  phases: TwinningPhase[]
  events: TwinningEvent[]
  viewerJoinRequest: { id: string; createdAt: string } | null
  discussion: { id: string; title: string } | null
  guidelines: { id: string; title: string; year: number | null; version: number; serviceArea: { name: string } | null }[]
  joinRequests: JoinRequestNode[] | null
  visitReports: VisitReportNode[] | null
}
export interface TwinningPageResult {
  /** An empty object when the id names something that is not a twinning. */
  node: Partial<TwinningDetail> | null
}

// The people of a space, coordinators first; null inside for a reader who may not read it.
export const SPACE_MEMBERS = gql`
  query SpaceMembers($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Twinning {
        members(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { role joinedAt user { id displayName center { name } region { name } } } }
        }
      }
    }
  }
`
export interface SpaceMemberNode {
  role: SpaceRole
  joinedAt: string
  user: PersonRef
}
export interface SpaceMembersResult {
  node: {
    members?: { totalCount: number; pageInfo: PageInfo; edges: { node: SpaceMemberNode }[] } | null
  } | null
}

// The questions asked inside a space, newest first.
export const SPACE_QUESTIONS = gql`
  query SpaceQuestions($spaceId: ID!, $first: Int, $after: String) {
    questions(first: $first, after: $after, filter: { spaceId: $spaceId }, orderBy: NEWEST) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id title score answerCount tags createdAt
          author { displayName center { name } }
          space { ... on Twinning { id title visibility } }
        }
      }
    }
  }
`

// The centres a new twinning may name, with their region (a regional coordinator leads
// from their own region only).
export const TWINNING_FORM_CENTERS = gql`
  query TwinningFormCenters {
    centers(first: 100) { edges { node { id name municipality region { id name } } } }
  }
`
export interface DirectoryCenter {
  id: string
  name: string
  municipality: string
  region: { id: string; name: string }
}
export interface TwinningFormCentersResult {
  centers: { edges: { node: DirectoryCenter }[] }
}

export const CREATE_TWINNING = gql`
  mutation CreateTwinning($input: CreateTwinningInput!) {
    createTwinning(input: $input) {
      twinning { id title visibility }
      userErrors { field message code }
    }
  }
`
export interface CreateTwinningInput {
  title: string
  summary: string
  serviceAreaSlug: string
  leadCenterId: string
  receivingCenterIds: string[]
  visibility: SpaceVisibility
}
export interface CreateTwinningResult {
  createTwinning: { twinning: { id: string } | null; userErrors: UserError[] }
}

export const SET_TWINNING_VISIBILITY = gql`
  mutation SetTwinningVisibility($twinningId: ID!, $visibility: SpaceVisibility!) {
    setTwinningVisibility(input: { twinningId: $twinningId, visibility: $visibility }) {
      twinning { id visibility }
      userErrors { field message code }
    }
  }
`
export interface SetTwinningVisibilityResult {
  setTwinningVisibility: { twinning: { visibility: SpaceVisibility } | null; userErrors: UserError[] }
}

// Beyond the contract: people a space's managers may add, by the start of their name's words.
export const MEMBER_CANDIDATES = gql`
  query MemberCandidates($id: ID!, $query: String!) {
    node(id: $id) {
      ... on Twinning { id memberCandidates(query: $query, first: 10) { id displayName center { name } region { name } } }
    }
  }
`
export interface MemberCandidatesResult {
  node: { memberCandidates?: PersonRef[] | null } | null
}

export const ADD_TWINNING_MEMBER = gql`
  mutation AddTwinningMember($twinningId: ID!, $userId: ID!, $role: SpaceRole!) {
    addTwinningMember(input: { twinningId: $twinningId, userId: $userId, role: $role }) {
      member { role user { id displayName } }
      userErrors { field message code }
    }
  }
`
export interface AddTwinningMemberResult {
  addTwinningMember: { member: { role: SpaceRole; user: { displayName: string } } | null; userErrors: UserError[] }
}

export const REMOVE_TWINNING_MEMBER = gql`
  mutation RemoveTwinningMember($twinningId: ID!, $userId: ID!) {
    removeTwinningMember(input: { twinningId: $twinningId, userId: $userId }) {
      userErrors { field message code }
    }
  }
`
export interface RemoveTwinningMemberResult {
  removeTwinningMember: { userErrors: UserError[] }
}

export const REQUEST_TO_JOIN_TWINNING = gql`
  mutation RequestToJoinTwinning($twinningId: ID!, $message: String) {
    requestToJoinTwinning(input: { twinningId: $twinningId, message: $message }) {
      request { id createdAt }
      userErrors { field message code }
    }
  }
`
export interface RequestToJoinTwinningResult {
  requestToJoinTwinning: { request: { id: string; createdAt: string } | null; userErrors: UserError[] }
}

export const DECIDE_JOIN_REQUEST = gql`
  mutation DecideJoinRequest($requestId: ID!, $approve: Boolean!, $role: SpaceRole) {
    decideJoinRequest(input: { requestId: $requestId, approve: $approve, role: $role }) {
      request { id status }
      userErrors { field message code }
    }
  }
`
export interface DecideJoinRequestResult {
  decideJoinRequest: { request: { status: string } | null; userErrors: UserError[] }
}

export const UPDATE_VISIT_REPORT = gql`
  mutation UpdateVisitReport($input: UpdateVisitReportInput!) {
    updateVisitReport(input: $input) {
      report { revision }
      userErrors { field message code }
    }
  }
`
export interface UpdateVisitReportResult {
  updateVisitReport: { report: { revision: number } | null; userErrors: UserError[] }
}

// --- questions and answers ------------------------------------------------------------------

export type QuestionOrder = 'NEWEST' | 'ACTIVE' | 'VOTES'

// Beyond the contract: region, author and answerer filters, and the order.
export const QUESTIONS = gql`
  query Questions(
    $first: Int
    $after: String
    $serviceArea: String
    $region: ID
    $tag: String
    $unanswered: Boolean
    $author: ID
    $answeredBy: ID
    $text: String
    $order: QuestionOrder
  ) {
    questions(
      first: $first
      after: $after
      filter: { serviceAreaSlug: $serviceArea, regionId: $region, tag: $tag, unanswered: $unanswered, authorId: $author, answeredById: $answeredBy, text: $text }
      orderBy: $order
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id title score answerCount tags author { displayName center { name } } createdAt space { ... on Twinning { id title visibility } } } }
    }
  }
`
export interface QuestionSummary {
  id: string
  title: string
  score: number
  answerCount: number
  tags: string[]
  author: { displayName: string; center: { name: string } | null }
  createdAt: string
  /** Beyond the contract: the space it was asked in; null for the whole community. */
  space: SpaceRef | null
}
export interface QuestionsResult {
  questions: { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: QuestionSummary }[] }
}

// Beyond the contract: spaceId, to ask inside a twinning's space.
export const ASK_QUESTION = gql`
  mutation AskQuestion($title: String!, $body: String!, $tags: [String!], $serviceArea: String, $spaceId: ID) {
    askQuestion(input: { title: $title, body: $body, tags: $tags, serviceAreaSlug: $serviceArea, spaceId: $spaceId }) {
      question { id title bodyHTML tags author { displayName } }
      userErrors { field message code }
    }
  }
`
// The space a question is about to be asked in (/domande/nuova?spazio=<id>).
export const ASK_SPACE = gql`
  query AskSpace($id: ID!) {
    node(id: $id) {
      ... on Twinning { id title visibility }
    }
  }
`
export interface AskSpaceResult {
  node: Partial<SpaceRef> | null
}
export interface AskQuestionResult {
  askQuestion: { question: { id: string } | null; userErrors: UserError[] }
}

// Beyond the contract: serviceArea, region, author (id, centre, region), viewerVote, closed,
// comments and revisions: the page shows all the API knows about a question.
export const QUESTION_PAGE = gql`
  query QuestionPage($id: ID!) {
    node(id: $id) {
      ... on Question {
        id title body bodyHTML score tags createdAt updatedAt viewerVote closed closedAt
        discussion { id }
        serviceArea { slug name }
        region { name }
        space { ... on Twinning { id title visibility } }
        author { id displayName center { name } region { name } }
        acceptedAnswer { id }
        comments { id bodyHTML createdAt author { displayName } }
        revisions { title body tags createdAt editor { displayName } }
        answers(first: 50) {
          totalCount
          edges {
            node {
              id body bodyHTML score createdAt updatedAt viewerVote
              author { id displayName center { name } region { name } }
              comments { id bodyHTML createdAt author { displayName } }
              revisions { body createdAt editor { displayName } }
            }
          }
        }
      }
    }
  }
`
export interface Author {
  id: string
  displayName: string
  center: { name: string } | null
  region: { name: string } | null
}
export interface CommentNode {
  id: string
  bodyHTML: string
  createdAt: string
  author: { displayName: string }
}
export interface RevisionNode {
  title?: string | null
  body: string
  tags?: string[] | null
  createdAt: string
  editor: { displayName: string }
}
export interface AnswerNode {
  id: string
  body: string
  bodyHTML: string
  score: number
  createdAt: string
  updatedAt: string
  viewerVote: VoteValue | null
  author: Author
  comments: CommentNode[]
  revisions: RevisionNode[]
}
export interface QuestionDetail {
  id: string
  discussion: { id: string }
  title: string
  body: string
  bodyHTML: string
  score: number
  tags: string[]
  createdAt: string
  updatedAt: string
  viewerVote: VoteValue | null
  closed: boolean
  closedAt: string | null
  serviceArea: { slug: string; name: string } | null
  region: { name: string } | null
  space: SpaceRef | null
  author: Author
  acceptedAnswer: { id: string } | null
  comments: CommentNode[]
  revisions: RevisionNode[]
  answers: { totalCount: number; edges: { node: AnswerNode }[] }
}
export interface QuestionPageResult {
  /** An empty object when the id names something that is not a question. */
  node: Partial<QuestionDetail> | null
}

export const ADD_COMMENT = gql`
  mutation AddComment($postId: ID!, $body: String!) {
    addComment(input: { postId: $postId, body: $body }) {
      comment { id }
      userErrors { field message code }
    }
  }
`
export interface AddCommentResult {
  addComment: { comment: { id: string } | null; userErrors: UserError[] }
}

export const EDIT_QUESTION = gql`
  mutation EditQuestion($questionId: ID!, $title: String, $body: String, $tags: [String!]) {
    editQuestion(input: { questionId: $questionId, title: $title, body: $body, tags: $tags }) {
      question { id }
      userErrors { field message code }
    }
  }
`
export interface EditQuestionResult {
  editQuestion: { question: { id: string } | null; userErrors: UserError[] }
}

export const EDIT_ANSWER = gql`
  mutation EditAnswer($answerId: ID!, $body: String!) {
    editAnswer(input: { answerId: $answerId, body: $body }) {
      answer { id }
      userErrors { field message code }
    }
  }
`
export interface EditAnswerResult {
  editAnswer: { answer: { id: string } | null; userErrors: UserError[] }
}

export const CLOSE_QUESTION = gql`
  mutation CloseQuestion($questionId: ID!, $reason: String) {
    closeQuestion(input: { questionId: $questionId, reason: $reason }) {
      question { id closed }
      userErrors { field message code }
    }
  }
`
export const REOPEN_QUESTION = gql`
  mutation ReopenQuestion($questionId: ID!) {
    reopenQuestion(input: { questionId: $questionId }) {
      question { id closed }
      userErrors { field message code }
    }
  }
`
export interface ModerateResult {
  closeQuestion?: { userErrors: UserError[] }
  reopenQuestion?: { userErrors: UserError[] }
}

export const ANSWER_QUESTION = gql`
  mutation AnswerQuestion($questionId: ID!, $body: String!) {
    answerQuestion(input: { questionId: $questionId, body: $body }) {
      answer { id bodyHTML author { displayName } }
      userErrors { field message code }
    }
  }
`
export interface AnswerQuestionResult {
  answerQuestion: { answer: { id: string } | null; userErrors: UserError[] }
}

export const VOTE = gql`
  mutation Vote($postId: ID!, $value: VoteValue!) {
    vote(input: { postId: $postId, value: $value }) {
      score
      userErrors { field message code }
    }
  }
`
export interface VoteResult {
  vote: { score: number | null; userErrors: UserError[] }
}

export const ACCEPT_ANSWER = gql`
  mutation AcceptAnswer($answerId: ID!) {
    acceptAnswer(input: { answerId: $answerId }) {
      question { id acceptedAnswer { id } }
      userErrors { field message code }
    }
  }
`
export const UNACCEPT_ANSWER = gql`
  mutation UnacceptAnswer($questionId: ID!) {
    unacceptAnswer(input: { questionId: $questionId }) {
      question { id acceptedAnswer { id } }
      userErrors { field message code }
    }
  }
`
export interface UnacceptAnswerResult {
  unacceptAnswer: { userErrors: UserError[] }
}

export interface AcceptAnswerResult {
  acceptAnswer: { question: { acceptedAnswer: { id: string } | null } | null; userErrors: UserError[] }
}

// --- guidelines and search ------------------------------------------------------------------

export const GUIDELINES = gql`
  query Guidelines($first: Int, $after: String) {
    guidelines(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title year version sectionCount serviceArea { name } viewerCanManage file { name } } }
    }
  }
`
export interface GuidelineSummary {
  id: string
  title: string
  year: number | null
  version: number
  sectionCount: number
  serviceArea: { name: string } | null
  viewerCanManage: boolean
  file: { name: string }
}
export interface GuidelinesResult {
  guidelines: { totalCount: number; pageInfo: PageInfo; edges: { node: GuidelineSummary }[] }
}

export const GUIDELINE_PAGE = gql`
  query GuidelinePage($id: ID!) {
    node(id: $id) {
      ... on Guideline {
        id title year version viewerCanManage
        discussion { id }
        serviceArea { slug name }
        file { url name }
        versions { version title createdAt file { url name } }
        sections(first: 100) { pageInfo { hasNextPage endCursor } edges { node { id anchor headingPath textHTML page } } }
      }
    }
  }
`
export interface GuidelineSection {
  id: string
  anchor: string
  headingPath: string[]
  /** Sanitised by the server: paragraphs, lists, bold, italics, links. */
  textHTML: string
  page: number | null
}
export interface GuidelineDetail {
  id: string
  discussion: { id: string }
  title: string
  year: number | null
  version: number
  viewerCanManage: boolean
  serviceArea: { slug: string; name: string } | null
  file: { url: string; name: string }
  versions: { version: number; title: string; createdAt: string; file: { url: string; name: string } }[]
  sections: GuidelineSections
}
export interface GuidelineSections {
  pageInfo: PageInfo
  edges: { node: GuidelineSection }[]
}
export interface GuidelinePageResult {
  node: Partial<GuidelineDetail> | null
}

// A long guideline's further sections, 100 at a time.
export const GUIDELINE_SECTIONS = gql`
  query GuidelineSections($id: ID!, $after: String) {
    node(id: $id) {
      ... on Guideline {
        sections(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id anchor headingPath textHTML page } } }
      }
    }
  }
`
export interface GuidelineSectionsResult {
  node: { sections?: GuidelineSections } | null
}

// Beyond the contract: guidelineId, to publish a new version.
export const IMPORT_GUIDELINE = gql`
  mutation ImportGuideline($file: Upload!, $title: String!, $serviceArea: String, $year: Int, $guidelineId: ID) {
    importGuideline(input: { file: $file, title: $title, serviceAreaSlug: $serviceArea, year: $year, guidelineId: $guidelineId }) {
      guideline { id title sectionCount }
      userErrors { field message code }
    }
  }
`
export const EDIT_GUIDELINE = gql`
  mutation EditGuideline($id: ID!, $title: String, $serviceArea: String, $year: Int) {
    editGuideline(input: { guidelineId: $id, title: $title, serviceAreaSlug: $serviceArea, year: $year }) {
      guideline { id }
      userErrors { field message code }
    }
  }
`
export interface EditGuidelineResult {
  editGuideline: { userErrors: UserError[] }
}

export const DELETE_GUIDELINE = gql`
  mutation DeleteGuideline($id: ID!) {
    deleteGuideline(input: { guidelineId: $id }) {
      ok
      userErrors { field message code }
    }
  }
`
export interface DeleteGuidelineResult {
  deleteGuideline: { ok: boolean; userErrors: UserError[] }
}

export interface ImportGuidelineResult {
  importGuideline: { guideline: { id: string; title: string; sectionCount: number } | null; userErrors: UserError[] }
}

// Beyond the contract: heading (the section's heading path), pageInfo (for "Carica altri"),
// groupBy with each document's other passages, and didYouMean.
export const SEARCH = gql`
  query Search(
    $q: String!
    $types: [SearchType!]
    $serviceArea: String
    $first: Int
    $after: String
    $groupBy: SearchGroupBy! = DOCUMENT
  ) {
    search(
      query: $q
      filter: { types: $types, serviceAreaSlug: $serviceArea }
      first: $first
      after: $after
      groupBy: $groupBy
    ) {
      totalCount
      didYouMean
      pageInfo { hasNextPage endCursor }
      facets { serviceAreas { value count } types { value count } }
      edges {
        node {
          type
          title
          heading
          highlight
          url
          item { __typename ... on Node { id } }
          otherPassages { heading url }
        }
      }
    }
  }
`
export interface FacetValue {
  value: string
  count: number
}
export interface SearchHit {
  type: SearchType
  title: string
  heading: string
  highlight: string
  url: string
  item: { id?: string } | null
  otherPassages: { heading: string; url: string }[]
}
export interface SearchResult {
  search: {
    totalCount: number
    didYouMean: string | null
    pageInfo: PageInfo
    facets: { serviceAreas: FacetValue[]; types: FacetValue[] }
    edges: { node: SearchHit }[]
  }
}

export const SEARCH_SUGGESTIONS = gql`
  query SearchSuggestions($prefix: String!) {
    searchSuggestions(prefix: $prefix, first: 8) { title type url }
  }
`
export interface Suggestion {
  title: string
  type: SearchType
  url: string
}
export interface SearchSuggestionsResult {
  searchSuggestions: Suggestion[]
}

export const SEARCH_THESAURUS = gql`
  query SearchThesaurus {
    searchThesaurus { text entryCount isDefault defaultText updatedAt }
  }
`
export interface SearchThesaurus {
  text: string
  entryCount: number
  isDefault: boolean
  defaultText: string
  updatedAt: string | null
}
export interface SearchThesaurusResult {
  searchThesaurus: SearchThesaurus
}

export const UPDATE_SEARCH_THESAURUS = gql`
  mutation UpdateSearchThesaurus($text: String!) {
    updateSearchThesaurus(input: { text: $text }) {
      thesaurus { text entryCount isDefault defaultText updatedAt }
      userErrors { field message code }
    }
  }
`
export interface UpdateSearchThesaurusResult {
  updateSearchThesaurus: { thesaurus: SearchThesaurus | null; userErrors: UserError[] }
}
