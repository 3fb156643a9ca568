import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween } from '../../../functions/demo/business-time.ts';
import { generateDemoExports, type DemoSummary } from '../../../functions/demo/generate.ts';
import { salesforceId18 } from '../../../functions/demo/salesforce-id.ts';
import { parseQuotedCsv } from '../../helpers/data-export.ts';

const AS_OF = Date.parse('2026-11-20T18:00:00Z');
const EMPTY = '000000000000000AAA';
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;


type Rec = Record<string, string>;
interface Table {
  header: string[];
  rows: Rec[];
}

async function readTable(dir: string, name: string): Promise<Table> {
  const rows = parseQuotedCsv(await readFile(join(dir, 'salesforce', `${name}.csv`), 'utf8'));
  const header = rows[0] ?? [];
  return {
    header,
    rows: rows.slice(1).map((r) => {
      expect(r.length).toBe(header.length);
      return Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
    }),
  };
}

const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(join(dir, 'salesforce'))).sort()) {
    out[f] = createHash('sha256').update(await readFile(join(dir, 'salesforce', f))).digest('hex');
  }
  return out;
}

describe('salesforceId18', () => {
  it('appends the case checksum of each 5-character block', () => {
    // '00Q000000000001' splits into '00Q00' | '00000' | '00001'.
    // Block 1: only char 2 ('Q') is uppercase -> bits 0b00100 = 4 -> 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[4] = 'E'.
    // Blocks 2 and 3: digits only -> 0 -> 'A'. So the suffix is 'EAA'.
    expect(salesforceId18('00Q000000000001')).toBe('00Q000000000001EAA');
    // A real ID from the samples: '001Ec' has 'E' at index 3 -> 8 -> 'I'; '00000' -> 'A';
    // 'FzlUd' has 'F' at 0 and 'U' at 3 -> 1 + 8 = 9 -> 'J'. Salesforce wrote 001Ec00000FzlUdIAJ.
    expect(salesforceId18('001Ec00000FzlUd')).toBe('001Ec00000FzlUdIAJ');
    // Five uppercase letters -> 0b11111 = 31 -> '5'.
    expect(salesforceId18('ABCDEabcde12345')).toBe('ABCDEabcde123455AA');
    expect(() => salesforceId18('too-short')).toThrow();
  });
});

describe('business time used by the generator', () => {
  it('follows the business-time example of docs/definitions.md and daylight-saving time', () => {
    // docs/definitions.md: handed off Friday 16:30, 4-hour SLA, 09:00-17:00 -> due Monday 12:30.
    expect(new Date(addBusinessMinutes(Date.parse('2026-11-20T16:30:00Z'), 240, 'UTC')).toISOString()).toBe('2026-11-23T12:30:00.000Z');
    expect(businessMinutesBetween(Date.parse('2026-11-20T16:30:00Z'), Date.parse('2026-11-23T12:30:00Z'), 'UTC')).toBe(240);
    // New York opens at 14:00 UTC on Friday 6 March 2026 (EST) and at 13:00 UTC on Monday 9 March (EDT).
    expect(new Date(addBusinessMinutes(Date.parse('2026-03-06T22:00:00Z'), 0, 'America/New_York')).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(businessMinutesBetween(Date.parse('2026-03-06T14:00:00Z'), Date.parse('2026-03-09T14:00:00Z'), 'America/New_York')).toBe(480 + 60);
  });
});

describe('generateDemoExports (default demo)', () => {
  let dir = '';
  let summary: DemoSummary;
  const t: Record<string, Table> = {};
  const raw: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handoff-demo-'));
    summary = await generateDemoExports(dir);
    for (const name of ['User', 'Lead', 'LeadHistory', 'Campaign', 'CampaignMember', 'Account', 'Contact', 'Opportunity', 'OpportunityHistory', 'Task', 'Event']) {
      raw[name] = await readFile(join(dir, 'salesforce', `${name}.csv`), 'utf8');
      t[name] = await readTable(dir, name);
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const rows = (name: string) => (t[name] as Table).rows;

  it('writes the Data Export dialect: quoted header of API names, LF, no BOM', async () => {
    expect(summary.asOf).toBe('2026-11-20T18:00:00Z');
    expect(Object.keys(summary.files).sort()).toEqual((await readdir(join(dir, 'salesforce'))).sort());
    expect((raw.Lead as string).slice(0, (raw.Lead as string).indexOf('\n'))).toBe(
      '"Id","IsDeleted","MasterRecordId","FirstName","LastName","Title","Company","State","Country","Phone","MobilePhone","Email","Description",' +
        '"LeadSource","Status","Industry","Rating","AnnualRevenue","NumberOfEmployees","OwnerId","IsConverted","ConvertedDate","ConvertedAccountId",' +
        '"ConvertedContactId","ConvertedOpportunityId","IsUnreadByOwner","CreatedDate","CreatedById","LastModifiedDate","LastModifiedById",' +
        '"SystemModstamp","LastActivityDate","EmailBouncedReason","EmailBouncedDate","Disqualified_Reason__c","Segment__c","Lead_Score__c"',
    );
    for (const [name, text] of Object.entries(raw)) {
      expect(text.charCodeAt(0), name).toBe(0x22); // '"', not a BOM
      expect(text.includes('\r'), name).toBe(false);
      // parseQuotedCsv already threw on any unquoted field; row counts match the summary.
      expect(rows(name).length, name).toBe(summary.files[`${name}.csv`]);
    }
  });

  it('exercises parsers: embedded newline and quotes, a comma in a company, accents', () => {
    const leads = rows('Lead');
    expect(leads.some((l) => l.Description?.includes('\n'))).toBe(true);
    expect(leads.some((l) => l.Description?.includes('"ASAP"'))).toBe(true);
    expect(raw.Lead).toContain('"Smith, Jones & Partners LLP"');
    expect(leads.some((l) => l.FirstName === 'José')).toBe(true);
    expect(leads.some((l) => l.LastName === 'Müller')).toBe(true);
  });

  it('names most people, and leaves a few without a name, as real exports do', () => {
    const leads = rows('Lead');
    const nameless = leads.filter((l) => !l.FirstName && !l.LastName);
    expect(nameless.length).toBeGreaterThan(0);
    expect(nameless.length / leads.length).toBeLessThan(0.01);
    // A nameless person is still a lead with a company and an email: only the name is missing.
    expect(nameless.every((l) => l.Company && l.Email)).toBe(true);
    expect(rows('Task').some((x) => x.Description?.includes('\n'))).toBe(true);
  });

  it('uses 18-character IDs with the right key prefixes and checksums', () => {
    const prefixes: Record<string, string> = {
      User: '005', Lead: '00Q', Contact: '003', Account: '001', Opportunity: '006', OpportunityHistory: '008',
      Campaign: '701', CampaignMember: '00v', Task: '00T', Event: '00U', LeadHistory: '017',
    };
    for (const [name, prefix] of Object.entries(prefixes)) {
      for (const r of rows(name)) {
        expect(r.Id?.startsWith(prefix)).toBe(true);
        expect(salesforceId18((r.Id as string).slice(0, 15))).toBe(r.Id);
      }
    }
    expect(rows('Lead').some((l) => l.OwnerId?.startsWith('00G'))).toBe(true);
  });

  it('has >= 10 SDRs in >= 2 teams, partner reps, AEs, managers and an inactive user', () => {
    const users = rows('User');
    const sdrs = users.filter((u) => u.Title === 'Sales Development Rep');
    expect(sdrs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(sdrs.map((u) => u.Department))).toEqual(new Set(['SDR East', 'SDR West']));
    expect(sdrs.filter((u) => u.Department === 'SDR East').every((u) => u.TimeZoneSidKey === 'America/New_York')).toBe(true);
    expect(sdrs.filter((u) => u.Department === 'SDR West').every((u) => u.TimeZoneSidKey === 'America/Los_Angeles')).toBe(true);
    const partners = users.filter((u) => u.Title === 'Partner Sales Rep');
    expect(partners.length).toBeGreaterThanOrEqual(2);
    expect(partners.every((u) => u.UserType === 'PowerPartner' && u.CompanyName === 'Northwind Partners' && u.TimeZoneSidKey === 'Europe/London')).toBe(true);
    expect(users.filter((u) => u.Title === 'Account Executive').length).toBeGreaterThanOrEqual(3);
    expect(users.filter((u) => u.Title === 'Marketing Manager').length).toBe(1);
    const managers = new Set(users.filter((u) => u.Title === 'Sales Manager').map((u) => u.Id));
    expect(managers.size).toBe(2);
    expect(sdrs.every((u) => managers.has(u.ManagerId as string))).toBe(true);
    expect(users.some((u) => u.IsActive === '0')).toBe(true);
  });

  it('writes exactly options.leads leads, with deleted and merged ones', () => {
    const leads = rows('Lead');
    expect(leads.length).toBe(3500);
    const ids = new Set(leads.map((l) => l.Id));
    expect(ids.size).toBe(3500);
    const merged = leads.filter((l) => l.MasterRecordId);
    expect(merged.length).toBeGreaterThanOrEqual(2);
    expect(merged.every((l) => l.IsDeleted === '1' && ids.has(l.MasterRecordId as string))).toBe(true);
    expect(leads.filter((l) => l.IsDeleted === '1' && !l.MasterRecordId).length).toBeGreaterThan(0);
    expect(leads.some((l) => l.EmailBouncedReason && DATETIME.test(l.EmailBouncedDate as string))).toBe(true);
    expect(leads.some((l) => !l.Email && !l.Phone)).toBe(true);
  });

  it('links conversions to existing records', () => {
    const opportunities = new Set(rows('Opportunity').map((o) => o.Id));
    const contacts = new Set(rows('Contact').map((c) => c.Id));
    const accounts = new Set(rows('Account').map((a) => a.Id));
    const converted = rows('Lead').filter((l) => l.IsConverted === '1');
    expect(converted.length).toBeGreaterThan(100);
    for (const l of converted) {
      expect(opportunities.has(l.ConvertedOpportunityId as string)).toBe(true);
      expect(contacts.has(l.ConvertedContactId as string)).toBe(true);
      expect(accounts.has(l.ConvertedAccountId as string)).toBe(true);
      expect(l.ConvertedDate).toMatch(DATE);
    }
    for (const l of rows('Lead').filter((x) => x.IsConverted === '0')) {
      expect([l.ConvertedAccountId, l.ConvertedContactId, l.ConvertedOpportunityId, l.ConvertedDate]).toEqual([EMPTY, EMPTY, EMPTY, '']);
    }
  });

  it("keeps a Task's ActivityDate a due date, after the day it was logged", () => {
    const tasks = rows('Task');
    for (const task of tasks) {
      expect(task.CreatedDate).toMatch(DATETIME);
      expect(task.ActivityDate).toMatch(DATE);
      expect((task.ActivityDate as string) > (task.CreatedDate as string).slice(0, 10)).toBe(true);
      if (task.Status === 'Completed') expect(task.CompletedDateTime).toBe(task.CreatedDate);
      else expect(task.CompletedDateTime).toBe('');
    }
    expect(tasks.some((x) => x.Status === 'Not Started')).toBe(true);
    const marketer = rows('User').find((u) => u.Title === 'Marketing Manager')?.Id;
    expect(tasks.some((x) => x.OwnerId === marketer && x.Subject === 'Marketing email sent')).toBe(true);
  });

  it('writes no timestamp at or after as-of, and the newest is minutes before it', () => {
    let newest = 0;
    for (const name of Object.keys(raw)) {
      for (const r of rows(name)) {
        for (const [field, value] of Object.entries(r)) {
          if (!DATETIME.test(value)) continue;
          const ms = at(value);
          if (ms >= AS_OF) throw new Error(`${name}.${field} = ${value} is not before as-of`);
          newest = Math.max(newest, ms);
        }
      }
    }
    expect(AS_OF - newest).toBeLessThan(10 * 60_000);
    // Booleans are "0"/"1"; pure date fields carry no time.
    for (const o of rows('Opportunity')) {
      expect(['0', '1']).toContain(o.IsClosed);
      expect(o.CloseDate).toMatch(DATE);
      expect(o.Amount).toMatch(/^\d+\.\d{2}$/);
      if (o.IsClosed === '1') expect((o.CloseDate as string) <= '2026-11-20').toBe(true);
      else expect((o.CloseDate as string) > '2026-11-20').toBe(true);
    }
  });

  it('records lead history: created, status changes, and owner changes as ID and name rows', () => {
    const history = rows('LeadHistory');
    const leads = rows('Lead').length;
    expect(history.filter((h) => h.Field === 'created').length).toBe(leads);
    const owners = history.filter((h) => h.Field === 'Owner');
    const byId = owners.filter((h) => h.DataType === 'EntityId');
    expect(byId.length).toBe(owners.length / 2);
    expect(byId.every((h) => /^(005|00G)/.test(h.OldValue as string) && /^(005|00G)/.test(h.NewValue as string))).toBe(true);
    expect(owners.some((h) => h.DataType === 'Text' && h.OldValue === 'Marketing Queue')).toBe(true);
    expect(history.some((h) => h.Field === 'Status' && h.OldValue === 'New' && h.NewValue === 'Open - Not Contacted')).toBe(true);
  });

  it('tells the story: SDR East answers fast, SDR West slowly, speed pays, the trade show does not', () => {
    const users = new Map(rows('User').map((u) => [u.Id, u]));
    const mql = new Map<string, number>();
    const assigned = new Map<string, [number, string]>();
    for (const h of rows('LeadHistory')) {
      if (h.Field === 'Status' && h.NewValue === 'Open - Not Contacted' && !mql.has(h.LeadId as string)) mql.set(h.LeadId as string, at(h.CreatedDate as string));
      if (h.Field === 'Owner' && h.DataType === 'EntityId' && h.NewValue?.startsWith('005') && !assigned.has(h.LeadId as string)) {
        assigned.set(h.LeadId as string, [at(h.CreatedDate as string), h.NewValue]);
      }
    }
    const sales = new Set(['Sales Development Rep', 'Partner Sales Rep', 'Account Executive']);
    const firstTouch = new Map<string, number>();
    for (const task of rows('Task')) {
      if (!sales.has(users.get(task.OwnerId as string)?.Title as string) || task.Status !== 'Completed') continue;
      const ms = at(task.CreatedDate as string);
      if (ms < (firstTouch.get(task.WhoId as string) ?? Infinity)) firstTouch.set(task.WhoId as string, ms);
    }
    const handoffs: Array<{ team: string; minutes: number | null; sql: boolean; tradeShow: boolean }> = [];
    for (const lead of rows('Lead')) {
      const m = mql.get(lead.Id as string);
      const a = assigned.get(lead.Id as string);
      if (lead.IsDeleted === '1' || m === undefined || !a) continue;
      const owner = users.get(a[1]) as Rec;
      const handoff = Math.max(m, a[0]);
      const touch = firstTouch.get(lead.Id as string);
      handoffs.push({
        team: owner.Department as string,
        minutes: touch === undefined ? null : businessMinutesBetween(handoff, touch, owner.TimeZoneSidKey as string),
        sql: lead.IsConverted === '1',
        tradeShow: lead.LeadSource === 'Trade Show',
      });
    }
    const within4h = (team: string) => {
      const h = handoffs.filter((x) => x.team === team);
      return h.filter((x) => x.minutes !== null && x.minutes <= 240).length / h.length;
    };
    expect(within4h('SDR East')).toBeGreaterThan(0.75);
    expect(within4h('SDR West')).toBeLessThan(0.35);
    const conversion = (lo: number, hi: number) => {
      const h = handoffs.filter((x) => x.minutes !== null && x.minutes >= lo && x.minutes < hi);
      return h.filter((x) => x.sql).length / h.length;
    };
    expect(conversion(0, 15)).toBeGreaterThan(0.25);
    expect(conversion(1440, Infinity)).toBeLessThan(0.13);
    expect(conversion(0, 15)).toBeGreaterThan(2 * conversion(1440, Infinity));
    const neverTouched = handoffs.filter((x) => x.minutes === null).length / handoffs.length;
    expect(neverTouched).toBeGreaterThan(0.04);
    expect(neverTouched).toBeLessThan(0.12);
    // ~45% of inquiries become MQL; the trade show brings ~15% of leads, many MQLs, few opportunities.
    const live = rows('Lead').filter((l) => l.IsDeleted === '0');
    expect(mql.size / live.length).toBeGreaterThan(0.38);
    expect(mql.size / live.length).toBeLessThan(0.52);
    const show = live.filter((l) => l.LeadSource === 'Trade Show');
    expect(show.length / live.length).toBeCloseTo(0.15, 1);
    const showMql = show.filter((l) => mql.has(l.Id as string)).length;
    expect(showMql / show.length).toBeGreaterThan(0.45);
    expect(show.filter((l) => l.IsConverted === '1').length / showMql).toBeLessThan(0.06);
    const reasons = show.map((l) => l.Disqualified_Reason__c).filter(Boolean);
    expect(reasons.filter((r) => r === 'Student / not a buyer' || r === 'Bad contact data').length / reasons.length).toBeGreaterThan(0.5);
  });

  it('sources opportunities from marketing, sales and partners, and keeps one campaign cost unknown', () => {
    const sources = rows('Opportunity').map((o) => o.LeadSource);
    const share = (values: string[]) => sources.filter((s) => values.includes(s as string)).length / sources.length;
    expect(share(['Cold Call', 'Outbound'])).toBeGreaterThan(0.05);
    expect(share(['Cold Call', 'Outbound'])).toBeLessThan(0.15);
    expect(share(['Partner Referral'])).toBeGreaterThan(0.03);
    const campaigns = rows('Campaign');
    expect(campaigns.length).toBeGreaterThanOrEqual(9);
    expect(campaigns.filter((c) => c.ActualCost === '').length).toBe(1);
    expect(campaigns.find((c) => c.Name === 'Data Summit 2026')).toMatchObject({ Type: 'Trade Show', ActualCost: '85000' });
    const closed = rows('Opportunity').filter((o) => o.IsClosed === '1');
    const wonShare = closed.filter((o) => o.IsWon === '1').length / closed.length;
    expect(wonShare).toBeGreaterThan(0.15);
    expect(wonShare).toBeLessThan(0.45);
    const members = rows('CampaignMember');
    expect(new Set(members.map((m) => m.Status))).toEqual(new Set(['Sent', 'Responded', 'Registered', 'Attended']));
    expect(members.some((m) => m.LeadId === EMPTY && m.ContactId?.startsWith('003'))).toBe(true);
  });
});

describe('generateDemoExports determinism', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes byte-identical files for the same seed, different ones for another seed', async () => {
    for (let i = 0; i < 3; i++) dirs.push(await mkdtemp(join(tmpdir(), 'handoff-demo-')));
    const [a, b, c] = dirs as [string, string, string];
    const sa = await generateDemoExports(a, { seed: 7, leads: 400 });
    await generateDemoExports(b, { seed: 7, leads: 400 });
    await generateDemoExports(c, { seed: 8, leads: 400 });
    expect(sa.files['Lead.csv']).toBe(400);
    const [ha, hb, hc] = [await hashes(a), await hashes(b), await hashes(c)];
    expect(Object.keys(ha)).toHaveLength(11);
    expect(hb).toEqual(ha);
    expect(hc['Lead.csv']).not.toBe(ha['Lead.csv']);
  });

  it('handles tiny demos and another as-of', async () => {
    const d = await mkdtemp(join(tmpdir(), 'handoff-demo-'));
    dirs.push(d);
    expect((await generateDemoExports(d, { leads: 0 })).files['Lead.csv']).toBe(0);
    const s = await generateDemoExports(d, { leads: 25, seed: 3, asOf: '2025-06-02T12:00:00Z' });
    expect(s.files['Lead.csv']).toBe(25);
    const leads = (await readTable(d, 'Lead')).rows;
    expect(leads.every((l) => at(l.CreatedDate as string) < Date.parse('2025-06-02T12:00:00Z'))).toBe(true);
  });
});
