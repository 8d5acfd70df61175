/** Seeded randomness and plausible form data for the demo simulation. */
import type { Principal } from '../auth/principal';

export type Rng = () => number;

/** mulberry32: a tiny, fast, seedable PRNG — the same seed gives the same demo. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Next working moment (Mon–Fri 08:00–17:00 UTC) at or after t. */
export function workingTime(t: number): number {
  const d = new Date(t);
  for (let i = 0; i < 14; i++) {
    const day = d.getUTCDay();
    const h = d.getUTCHours() + d.getUTCMinutes() / 60;
    if (day >= 1 && day <= 5 && h >= 8 && h < 17) return d.getTime();
    if (day >= 1 && day <= 5 && h < 8) d.setUTCHours(8, 0, 0, 0);
    else {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(8, 0, 0, 0);
    }
  }
  return d.getTime();
}

/** An exponentially distributed wait with the given mean (ms). */
export const exp = (rng: Rng, mean: number) => -Math.log(1 - rng()) * mean;

const TEXTS = ['Bitte so bald wie möglich.', 'Details siehe Anhang.', 'Please handle before Friday.', 'Rücksprache gern telefonisch.', 'As discussed with my team lead.'];

/**
 * Plausible texts per field, by `<form key>.<field>` first, then by field name alone: what people
 * in a mid-sized company would type. Fields not named here get one of TEXTS.
 */
const PLAUSIBLE: Record<string, string[]> = {
  'it-incident.summary': ['VPN drops every few minutes', 'Outlook does not start', 'Printer on floor 2 prints blank pages', 'Cannot log in to SAP', 'Laptop very slow since the last update', 'No network in meeting room Elbe', 'Teams calls without sound', 'Shared drive S: not reachable'],
  'it-incident.description': ['Started this morning after the restart.', 'Happens to the whole team since yesterday.', 'Error message: "The server is not available".', 'Already tried to restart, no change.', 'Only on the docking station, not on Wi-Fi.'],
  'facility-repair-request.description': ['The heating stays cold.', 'The door does not close any more.', 'The ceiling light flickers.', 'The window cannot be opened.', 'The tap drips constantly.', 'The blind is stuck half way.'],
  'customer-complaint.description': ['The delivery arrived two weeks late.', 'The device was damaged on arrival.', 'We were charged twice for the same order.', 'Nobody answered our three e-mails.', 'Wrong item delivered.'],
  'purchase-request.description': ['For the new colleagues in the sales team.', 'Replacement, the old one is broken.', 'See the quote in the attachment.'],
  'it-change-request.description': ['Security patches of the month for all Windows servers.', 'Move the ticket database to the new cluster.', 'Firewall rule for the new partner portal.', 'Upgrade of the mail gateway.'],
  'it-change-request.title': ['Monthly Windows patches', 'Database migration to the new cluster', 'Firewall rule for the partner portal', 'Mail gateway upgrade', 'New backup schedule'],
  location: ['Building A, room 2.14', 'Building B, kitchen 1st floor', 'Building A, meeting room Elbe', 'Warehouse, gate 3', 'Building C, washroom 2nd floor', 'Reception'],
  phone: ['+49 40 5550-1201', '+49 40 5550-1342', '+49 40 5550-1478', '+49 151 5550-2290', '+49 40 5550-1815'],
  item: ['Monitor 27" USB-C', 'Ergonomic office chair', 'Laptop docking station', 'Flip chart', 'Label printer', 'Headset with noise cancelling', 'Standing desk', 'Projector for meeting room Elbe'],
  supplier: ['Office Direct GmbH', 'Bechtle AG', 'Lyreco', 'Conrad Electronic', 'Hansa Büro KG'],
  orderedFrom: ['Office Direct GmbH', 'Bechtle AG', 'Lyreco', 'Conrad Electronic'],
  costCenter: ['CC-4100', 'CC-4200', 'CC-5300', 'CC-6100', 'CC-7200'],
  justification: ['Replacement for a broken device.', 'New team member starts next month.', 'Needed for the customer project Nordlicht.', 'Recommended by the health and safety check.'],
  'hr-vacation-approval.reason': ['The team is fully booked that week.', 'Please agree on a deputy first.', 'Too many colleagues are off at the same time.'],
  reason: ['Replacement for a broken device.', 'New team member starts next month.', 'Family event.', 'Needed for the customer project Nordlicht.', 'The old one is out of warranty.'],
  details: ['Docking station and a second monitor, please.', 'Laptop with 32 GB RAM for development.', 'Mobile phone for the on-call duty.'],
  systems: ['Windows servers (42)', 'Ticket database', 'Firewall DMZ', 'Mail gateway', 'Backup server'],
  standardChange: ['Monthly patches', 'Password policy', 'New user accounts'],
  backoutPlan: ['Restore the snapshot taken before the change.', 'Switch the DNS entry back to the old cluster.', 'Remove the rule again.'],
  solution: ['Password reset and cache cleared.', 'Driver updated to the current version.', 'VPN client reinstalled.', 'Cable replaced.', 'Mailbox moved to the new server.'],
  handoverNote: ['Needs access to the server room.', 'Could be a hardware fault, please check.', 'Same problem as last week.'],
  feedback: ['Still happens twice a day.', 'Works again, but only on Wi-Fi.', 'Not fixed, the problem is back.'],
  workDone: ['Thermostat valve replaced.', 'Door hinge adjusted.', 'Light tube replaced.', 'Seal of the tap replaced.'],
  materials: ['Thermostat valve', 'Door hinge', 'LED tube', 'Seal kit'],
  dispatchNote: ['Please bring a ladder.', 'Key at the reception.', 'Room is free after 2 pm.'],
  customerName: ['Müller Logistik GmbH', 'Jana Schulz', 'Peter Wagner', 'Hansen & Co. KG', 'Café Sonnenschein'],
  answer: ['We are sorry for the delay and have refunded the shipping costs.', 'A replacement is on its way.', 'The double charge has been reversed.'],
  findings: ['Carrier delay at the hub.', 'Packaging was insufficient.', 'Billing run executed twice.'],
  newHireName: ['Lena Becker', 'Jonas Hoffmann', 'Mira Schulz', 'Tom Richter', 'Aylin Kaya'],
  position: ['Sales Manager', 'Software Developer', 'Accountant', 'HR Generalist', 'Facility Technician'],
  accountName: ['lbecker', 'jhoffmann', 'mschulz', 'trichter', 'akaya'],
  desk: ['A 2.14-3', 'B 1.05-1', 'A 3.02-6', 'C 2.11-2'],
  deputy: ['Greta Graf', 'Max Mustermann', 'Erika Mustermann', 'Tim Teufel'],
  notes: ['Starts with the onboarding week.', 'Works part-time (30 h).', 'Needs a parking space.'],
  documentsNote: ['All documents received.', 'Certificates follow next week.'],
  receiptNote: ['Delivered complete.', 'One box damaged, content fine.', 'Delivered to the reception.'],
  clarification: ['Quote attached now.', 'Cost center corrected.'],
  approvalNote: ['Goodwill for a long-standing customer.', 'Within the usual limits.'],
  assessmentNote: ['Low risk, tested on staging.', 'Needs a maintenance window.'],
  implementationNote: ['Done as planned.', 'Took 30 minutes longer than planned.'],
  rollbackNote: ['Snapshot restored, service back to normal.'],
  lessonsLearned: ['Announce the window earlier.', 'Test the rollback beforehand.'],
  voteComment: ['Fine with the plan.', 'Please do it after the month-end closing.'],
  note: ['Back on Monday.', 'Handover to my deputy is done.', 'Half day on the first day.'],
};

/** Numbers people would enter, where the schema's range is far wider. */
const RANGES: Record<string, [number, number]> = {
  quantity: [1, 12],
  unitPrice: [12, 2400],
  amountInDispute: [15, 900],
  compensation: [0, 250],
};

/** Which form is filled, and when (dates follow the simulation's clock, not the machine's). */
interface Fill {
  form: string;
  now: number;
}

interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
}

function value(schema: FieldSchema, key: string, rng: Rng, people: Principal[], fill: Fill): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[Math.floor(rng() * schema.enum.length)];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return rng() < 0.82; // most requests are approved, confirmed, fixed
    case 'integer':
    case 'number': {
      const [lo, hi] = RANGES[key] ?? [schema.minimum ?? 1, schema.maximum ?? Math.max((schema.minimum ?? 1) + 10, /amount|price|cost|betrag/i.test(key) ? 5000 : 20)];
      const min = Math.max(lo, schema.minimum ?? lo);
      const max = Math.min(hi, schema.maximum ?? hi);
      const v = min + Math.pow(rng(), 2) * (max - min);
      const step = schema.multipleOf ?? (type === 'integer' ? 1 : 0.01);
      return Math.min(max, Math.max(min, Math.round(v / step) * step));
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      if (schema.items?.enum) {
        const picked = schema.items.enum.filter(() => rng() < 0.5);
        return picked.length >= min ? picked : schema.items.enum.slice(0, Math.max(min, 1));
      }
      const n = min + Math.floor(rng() * 3);
      const items = Array.from({ length: Math.min(n, schema.maxItems ?? n) }, () => (schema.items ? value(schema.items, key, rng, people, fill) : undefined));
      return items.every((v) => v !== undefined) ? items : [];
    }
    case 'object': {
      if (!schema.properties) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, prop] of Object.entries(schema.properties)) {
        const v = value(prop, k, rng, people, fill);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    default: {
      if (schema.format === 'date') return new Date(fill.now + Math.floor(rng() * 30) * 86400_000).toISOString().slice(0, 10);
      if (schema.format === 'date-time') return new Date(fill.now + Math.floor(rng() * 30) * 86400_000).toISOString();
      if (schema.format === 'email' && key === 'accountEmail') return `${String(PLAUSIBLE.accountName[Math.floor(rng() * PLAUSIBLE.accountName.length)])}@lotse.demo`;
      if (schema.format === 'email' && key === 'customerEmail') return `customer${100 + Math.floor(rng() * 900)}@example.com`;
      // No stand-in on demo leave: a sign-in account on leave "today" would find its own tasks (the
      // requester's confirmation) with a colleague, whatever day the demo is opened.
      if (schema.format === 'email' && key === 'substitute') return undefined;
      if (schema.format === 'email') {
        // A technician is one of the facility team, a manager or lead one of the owners; else any colleague at work.
        const owners = people.filter((p) => p.roles.some((r) => r.role === 'owner'));
        const pool =
          key === 'technician' ? people.filter((p) => p.groups.some((g) => g.key === 'facility'))
          : /manager|lead|head/i.test(key) ? owners
          : people.filter((p) => p.groups.length > 0 || owners.includes(p));
        return (pool[Math.floor(rng() * pool.length)] ?? people[0]).email;
      }
      if (schema.format === 'uuid' || schema.format === 'uri') return undefined;
      if (key === 'orderNumber') return `SO-2026-${String(10000 + Math.floor(rng() * 90000))}`;
      if (key === 'assetTag') return `LT-${String(1000 + Math.floor(rng() * 9000))}`;
      if (key === 'keyCardNumber') return String(400000 + Math.floor(rng() * 99999));
      const pool = PLAUSIBLE[`${fill.form}.${key}`] ?? PLAUSIBLE[key] ?? TEXTS;
      const text = pool[Math.floor(rng() * pool.length)];
      return schema.maxLength ? text.slice(0, schema.maxLength) : text;
    }
  }
}

/**
 * Data for a form ({schema, ui} and its key): every property filled plausibly for that form, dates
 * around `now` (the simulation's clock) and in order (last day after first day, end after start);
 * hidden ones are dropped by validation.
 */
export function formData(definition: unknown, rng: Rng, people: Principal[], form = '', now = new Date()): Record<string, unknown> {
  const schema = (definition as { schema?: FieldSchema } | undefined)?.schema;
  const out = (value({ type: 'object', properties: schema?.properties ?? {} }, '', rng, people, { form, now: now.getTime() }) ?? {}) as Record<string, unknown>;
  for (const [from, to] of [['firstDay', 'lastDay'], ['plannedStart', 'plannedEnd']]) {
    if (typeof out[from] === 'string' && typeof out[to] === 'string' && out[to] < out[from]) [out[from], out[to]] = [out[to], out[from]];
  }
  return out;
}
