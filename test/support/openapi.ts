// The Mastodon API contract, as data: validates our JSON responses against the
// OpenAPI 3.1 description in /work/shared/mastodon-openapi/schema.json, so a test
// fails when a response has a shape that real clients would choke on.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Ajv2020, { type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/** The schema file: `../shared/mastodon-openapi/schema.json` from the repository root. */
export const schemaPath = fileURLToPath(new URL('../../../shared/mastodon-openapi/schema.json', import.meta.url))

/** One response that does not match the contract. */
export interface Violation {
  method: string
  url: string
  status: number
  /** the schema's path template the request matched, e.g. /api/v1/statuses/{id} */
  template: string
  errors: string[]
}

interface Route { method: string; template: string; regex: RegExp; params: number; pointer: Map<number, string> }

type AjvCtor = typeof Ajv2020.default
type FormatsFn = typeof addFormats.default

let loaded: { validate(method: string, path: string, status: number, body: unknown): { template: string; errors: string[] } | null } | null = null

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  if (!errors) return []
  // oneOf/anyOf produce one error per branch; the leaf errors say what is wrong.
  const leaves = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if')
  const seen = new Set<string>()
  const out: string[] = []
  for (const e of (leaves.length ? leaves : errors)) {
    const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
      : e.keyword === 'required' ? '' : e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})` : ''
    const line = `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`
    if (!seen.has(line)) { seen.add(line); out.push(line) }
  }
  return out.slice(0, 20)
}

/** Loads and prepares the contract once per process. */
export function contract() {
  if (loaded) return loaded
  const doc = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>
  }
  const Ajv = ((Ajv2020 as unknown as { default?: AjvCtor }).default ?? Ajv2020) as AjvCtor
  const formats = ((addFormats as unknown as { default?: FormatsFn }).default ?? addFormats) as FormatsFn
  // strict off: the document carries OpenAPI keywords (externalDocs, example…) that are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
  formats(ajv)
  // Mastodon answers "" for an unset contact e-mail; the schema's `email` format would reject that.
  ajv.addFormat('email', { type: 'string', validate: (s: string) => s === '' || /^[^\s@]+@[^\s@]+$/.test(s) })
  // Mastodon answers "" for a preview card's unknown author_url, provider_url and embed_url.
  const uri = (s: string) => { try { return !!new URL(s) } catch { return false } }
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => s === '' || uri(s) })
  ajv.addFormat('iso-639-1', { type: 'string', validate: (s: string) => /^[a-z]{2,3}([-_][A-Za-z0-9]+)?$/.test(s) })
  ajv.addFormat('scopes', true)
  ajv.addFormat('binary', true)
  // Known mistakes in the generated schema, checked against Mastodon's own responses.
  const quirks: Record<string, object> = {
    // Mastodon answers an array of V1_Filter; the schema says one.
    'GET /api/v1/filters 200': { type: 'array', items: { $ref: '#/components/schemas/V1Filter' } },
  }
  for (const [key, schema] of Object.entries(quirks)) {
    const [method, template, code] = key.split(' ')
    const content = doc.paths[template]?.[method.toLowerCase()]?.responses?.[code]?.content?.['application/json']
    if (content) content.schema = schema
  }
  // The generated schema writes `oneOf` where branches overlap (Quote and ShallowQuote both match
  // a deleted quote), so a valid response would match two branches and fail: read it as anyOf.
  const loosen = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(loosen); return }
    if (!node || typeof node !== 'object') return
    const o = node as Record<string, unknown>
    if (Array.isArray(o.oneOf)) { o.anyOf = o.oneOf; delete o.oneOf }
    Object.values(o).forEach(loosen)
  }
  loosen(doc)
  ajv.addSchema(doc as object, 'mastodon')

  const routes: Route[] = []
  for (const [template, ops] of Object.entries(doc.paths)) {
    const names: string[] = []
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, n: string) => { names.push(n); return '([^/]+)' })
    for (const [method, op] of Object.entries(ops)) {
      if (!op || typeof op !== 'object' || !op.responses) continue
      const pointer = new Map<number, string>()
      for (const [code, res] of Object.entries(op.responses)) {
        if (!/^2\d\d$/.test(code) || !res?.content?.['application/json']?.schema) continue
        pointer.set(Number(code), `mastodon#/paths/${escapePointer(template)}/${method}/responses/${code}/content/application~1json/schema`)
      }
      routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${source}$`), params: names.length, pointer })
    }
  }
  // A literal segment beats a parameter: /api/v1/accounts/search is not /api/v1/accounts/{id}.
  routes.sort((a, b) => a.params - b.params)
  const compiled = new Map<string, ValidateFunction>()

  loaded = {
    validate(method, path, status, body) {
      const route = routes.find((r) => r.method === method && r.regex.test(path))
      if (!route) return null
      const ref = route.pointer.get(status)
      if (!ref) return null
      let fn = compiled.get(ref)
      if (!fn) { fn = ajv.compile({ $ref: ref }); compiled.set(ref, fn) }
      return fn(body) ? { template: route.template, errors: [] } : { template: route.template, errors: formatErrors(fn.errors) }
    },
  }
  return loaded
}

/**
 * Checks one response: returns a violation when the schema describes this
 * method, path and 2xx status and the JSON body does not match it; null otherwise.
 */
export function checkResponse(method: string, url: string, status: number, body: unknown): Violation | null {
  if (status < 200 || status > 299) return null
  const path = new URL(url, 'http://x').pathname.replace(/\/+$/, '') || '/'
  const r = contract().validate(method.toUpperCase(), path, status, body)
  if (!r || r.errors.length === 0) return null
  return { method: method.toUpperCase(), url, status, template: r.template, errors: r.errors }
}

/** A readable report of violations, one block per response. */
export function describeViolations(vs: Violation[]): string {
  return vs.map((v) => `${v.method} ${v.url} (${v.status}, schema ${v.template}):\n${v.errors.map((e) => `    ${e}`).join('\n')}`).join('\n')
}
