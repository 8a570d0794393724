/**
 * A content dataset for the inbound conversation tests: the `valid` fixture's campaigns (SMS
 * keyword SAFE) with the full region lists of Kyrgyzstan (9), Afghanistan (34) and Iraq (18),
 * site settings with each country's default language, and hotlines, one nationwide and one
 * regional per country. Numbers use the unroutable `000` national part.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const VALID_FIXTURE = fileURLToPath(new URL("../fixtures/content/valid/dataset.ndjson", import.meta.url));

type Names = Record<string, string>;

const KG: Array<[string, Names]> = [
  ["KG-B", { en: "Batken", ru: "Баткенская область", ky: "Баткен облусу" }],
  ["KG-C", { en: "Chüy", ru: "Чуйская область", ky: "Чүй облусу" }],
  ["KG-GB", { en: "Bishkek", ru: "Бишкек", ky: "Бишкек" }],
  ["KG-GO", { en: "Osh city", ru: "город Ош", ky: "Ош шаары" }],
  ["KG-J", { en: "Jalal-Abad", ru: "Джалал-Абадская область", ky: "Жалал-Абад облусу" }],
  ["KG-N", { en: "Naryn", ru: "Нарынская область", ky: "Нарын облусу" }],
  ["KG-O", { en: "Osh Region", ru: "Ошская область", ky: "Ош облусу" }],
  ["KG-T", { en: "Talas", ru: "Таласская область", ky: "Талас облусу" }],
  ["KG-Y", { en: "Issyk-Kul", ru: "Иссык-Кульская область", ky: "Ысык-Көл облусу" }],
];

const AF_NAMES: Array<[string, string, string]> = [
  ["BDS", "Badakhshan", "بدخشان"],
  ["BDG", "Badghis", "بادغیس"],
  ["BGL", "Baghlan", "بغلان"],
  ["BAL", "Balkh", "بلخ"],
  ["BAM", "Bamyan", "بامیان"],
  ["DAY", "Daykundi", "دایکندی"],
  ["FRA", "Farah", "فراه"],
  ["FYB", "Faryab", "فاریاب"],
  ["GHA", "Ghazni", "غزنی"],
  ["GHO", "Ghor", "غور"],
  ["HEL", "Helmand", "هلمند"],
  ["HER", "Herat", "هرات"],
  ["JOW", "Jowzjan", "جوزجان"],
  ["KAB", "Kabul", "کابل"],
  ["KAN", "Kandahar", "کندهار"],
  ["KAP", "Kapisa", "کاپیسا"],
  ["KHO", "Khost", "خوست"],
  ["KNR", "Kunar", "کنر"],
  ["KDZ", "Kunduz", "کندز"],
  ["LAG", "Laghman", "لغمان"],
  ["LOG", "Logar", "لوگر"],
  ["NAN", "Nangarhar", "ننگرهار"],
  ["NIM", "Nimroz", "نیمروز"],
  ["NUR", "Nuristan", "نورستان"],
  ["PIA", "Paktia", "پکتیا"],
  ["PKA", "Paktika", "پکتیکا"],
  ["PAN", "Panjshir", "پنجشیر"],
  ["PAR", "Parwan", "پروان"],
  ["SAM", "Samangan", "سمنگان"],
  ["SAR", "Sar-e Pol", "سرپل"],
  ["TAK", "Takhar", "تخار"],
  ["URU", "Uruzgan", "ارزگان"],
  ["WAR", "Wardak", "میدان وردک"],
  ["ZAB", "Zabul", "زابل"],
];
const AF: Array<[string, Names]> = AF_NAMES.map(([code, en, fa]) => [`AF-${code}`, { en, fa_AF: fa, ps: fa }]);

const IQ_NAMES: Array<[string, string, string, string]> = [
  ["AN", "Anbar", "الأنبار", "ئەنبار"],
  ["AR", "Erbil", "أربيل", "هەولێر"],
  ["BA", "Basra", "البصرة", "بەسرە"],
  ["BB", "Babil", "بابل", "بابل"],
  ["BG", "Baghdad", "بغداد", "بەغدا"],
  ["DA", "Duhok", "دهوك", "دهۆک"],
  ["DI", "Diyala", "ديالى", "دیالە"],
  ["DQ", "Dhi Qar", "ذي قار", "زیقار"],
  ["KA", "Karbala", "كربلاء", "کەربەلا"],
  ["KI", "Kirkuk", "كركوك", "کەرکووک"],
  ["MA", "Maysan", "ميسان", "مەیسان"],
  ["MU", "Muthanna", "المثنى", "موسەننا"],
  ["NA", "Najaf", "النجف", "نەجەف"],
  ["NI", "Nineveh", "نينوى", "نەینەوا"],
  ["QA", "Qadisiyah", "القادسية", "قادسیە"],
  ["SD", "Saladin", "صلاح الدين", "سەلاحەددین"],
  ["SU", "Sulaymaniyah", "السليمانية", "سلێمانی"],
  ["WA", "Wasit", "واسط", "واست"],
];
const IQ: Array<[string, Names]> = IQ_NAMES.map(([code, en, ar, ckb]) => [`IQ-${code}`, { en, ar, ckb }]);

const TIMEZONES: Record<string, string> = { KG: "Asia/Bishkek", AF: "Asia/Kabul", IQ: "Asia/Baghdad" };

/** Hotline numbers the tests look for in replies. */
export const HOTLINES = {
  kgNational: "+996000000101",
  kgOsh: "+996000000201",
  afNational: "+93000000101",
  afKabul: "+93000000201",
  iqNational: "+964000000101",
  iqErbil: "+964000000201",
} as const;

function localeString(names: Names) {
  return { _type: "localeString", ...names };
}

function hotline(id: string, country: string, phone: string, organization: Names, regionIds: string[], priority: number) {
  return {
    _id: id,
    _type: "hotline",
    organization: localeString(organization),
    country,
    regions: regionIds.map((ref) => ({ _type: "reference", _ref: ref, _key: ref })),
    phone,
    hours: { open24h: true, timezone: TIMEZONES[country] },
    languages: [],
    freeOfCharge: true,
    lastVerifiedAt: "2025-01-05T08:00:00Z",
    isSample: false,
    priority,
  };
}

/** Numbers of the lines for people abroad (`abroad` dataset). */
export const ABROAD_HOTLINES = {
  ruForKyrgyz: "+70000000501",
  ruForTajiks: "+70000000511",
  ruForEveryone: "+70000000531",
  irForAfghans: "+980000000101",
  kzForKyrgyz: "+70000000421",
  aeForPakistanis: "+971000000101",
  aeForEveryone: "+971000000111",
  kgCitizensAnywhere: "+996000000131",
  iomAnywhere: "+41000000101",
} as const;

/** The destinations the `abroad` dataset's settings offer, in menu order. */
export const TEST_DESTINATIONS = ["RU", "KZ", "TR", "AE", "SA", "IR", "DE"] as const;

const ABROAD_ZONES: Record<string, string> = {
  KZ: "Asia/Almaty",
  RU: "Europe/Moscow",
  IR: "Asia/Tehran",
  AE: "Asia/Dubai",
  CH: "Europe/Zurich",
  KG: "Asia/Bishkek",
};

function abroadHotline(
  id: string,
  country: string,
  phone: string,
  organization: Names,
  extra: { nationalities?: string[]; languages?: string[]; international?: boolean; priority?: number },
) {
  return {
    _id: id,
    _type: "hotline",
    organization: localeString(organization),
    country,
    nationalities: extra.nationalities ?? [],
    ...(extra.international ? { international: true } : {}),
    regions: [],
    phone,
    hours: { open24h: true, timezone: ABROAD_ZONES[country] },
    languages: extra.languages ?? [],
    freeOfCharge: true,
    lastVerifiedAt: "2025-01-05T08:00:00Z",
    isSample: false,
    priority: extra.priority ?? 1,
  };
}

/** Lines for people abroad: consulates' lines, a destination's lines for everyone, international lines. */
function abroadHotlines() {
  const h = ABROAD_HOTLINES;
  return [
    abroadHotline(
      "hotline-ru-kg",
      "RU",
      h.ruForKyrgyz,
      { en: "Kyrgyz Consulate", ru: "Консульство КР", ky: "КР консулдугу" },
      { nationalities: ["KG"], languages: ["ky", "ru"] },
    ),
    abroadHotline(
      "hotline-ru-tj",
      "RU",
      h.ruForTajiks,
      { en: "Tajik Consulate", ru: "Консульство РТ", tg: "Консулгарии ҶТ" },
      { nationalities: ["TJ"], languages: ["tg", "ru"] },
    ),
    abroadHotline(
      "hotline-ru-all",
      "RU",
      h.ruForEveryone,
      { en: "Migrant Rights", ru: "Права мигрантов", tg: "Ҳуқуқи муҳоҷир" },
      { languages: ["ru"], priority: 2 },
    ),
    abroadHotline(
      "hotline-kz-kg",
      "KZ",
      h.kzForKyrgyz,
      { en: "KG Consulate Almaty", ru: "Консульство КР", ky: "КР консулдугу" },
      { nationalities: ["KG"], languages: ["ky", "ru"] },
    ),
    abroadHotline(
      "hotline-ir-af",
      "IR",
      h.irForAfghans,
      { en: "Afghans in Iran", fa_AF: "مشوره افغان‌ها", ps: "د افغانانو مشوره" },
      { nationalities: ["AF"], languages: ["fa-AF", "ps"] },
    ),
    abroadHotline(
      "hotline-ae-pk",
      "AE",
      h.aeForPakistanis,
      { en: "Pakistan Consulate", ur: "پاکستانی قونصلیٹ" },
      { nationalities: ["PK"], languages: ["ur"] },
    ),
    abroadHotline(
      "hotline-ae-all",
      "AE",
      h.aeForEveryone,
      { en: "Workers Line", ar: "خط العمال", ur: "مزدور لائن" },
      { languages: ["ar", "en"], priority: 2 },
    ),
    abroadHotline(
      "hotline-kg-anywhere",
      "KG",
      h.kgCitizensAnywhere,
      { en: "KG Citizens Abroad", ru: "Граждане КР за рубежом", ky: "Чет өлкөдөгү жарандар" },
      { nationalities: ["KG"], languages: ["ky", "ru"], international: true },
    ),
    abroadHotline(
      "hotline-iom",
      "CH",
      h.iomAnywhere,
      { en: "IOM", ru: "МОМ", ky: "ЭМУ", tg: "СБМ", fa_AF: "سازمان مهاجرت", ur: "آئی او ایم" },
      { international: true, priority: 10 },
    ),
  ];
}

/**
 * Writes the dataset to a new temporary directory and returns it (CONTENT_DATASET_DIR). `abroad`:
 * with the settings' destinations and the lines for people abroad, so HELP asks "Where are you
 * now?" (without destinations nothing is asked, and HELP answers as before).
 */
export function writeInboundTestDataset(options: { abroad?: boolean } = {}): string {
  const kept = readFileSync(VALID_FIXTURE, "utf8")
    .split("\n")
    // The fixture's English-only campaign shares the keyword SAFE; one campaign per keyword here.
    .filter((line) => line.trim() && !/"_type": ?"(region|hotline|siteSettings)"/.test(line) && !line.includes('"campaign-en-only"'));
  const regions = [...KG, ...AF, ...IQ].map(([code, names]) => ({
    _id: `region-${code}`,
    _type: "region",
    code,
    country: code.slice(0, 2),
    name: localeString(names),
    timezone: TIMEZONES[code.slice(0, 2)],
  }));
  const hotlines = [
    hotline("hotline-kg", "KG", HOTLINES.kgNational, { en: "Migrant Hotline", ru: "Линия мигранта", ky: "Мигрант линиясы" }, [], 1),
    hotline(
      "hotline-kg-osh",
      "KG",
      HOTLINES.kgOsh,
      { en: "Osh Legal Clinic", ru: "Юрклиника Ош", ky: "Ош юридикалык клиникасы" },
      ["region-KG-O"],
      2,
    ),
    hotline("hotline-af", "AF", HOTLINES.afNational, { en: "Afghan Helpline", fa_AF: "خط کمک", ps: "د مرستې کرښه" }, [], 1),
    hotline(
      "hotline-af-kabul",
      "AF",
      HOTLINES.afKabul,
      { en: "Kabul Support", fa_AF: "حمایت کابل", ps: "د کابل ملاتړ" },
      ["region-AF-KAB"],
      2,
    ),
    hotline("hotline-iq", "IQ", HOTLINES.iqNational, { en: "Iraq Helpline", ar: "خط المساعدة", ckb: "هێڵی یارمەتی" }, [], 1),
    hotline(
      "hotline-iq-erbil",
      "IQ",
      HOTLINES.iqErbil,
      { en: "Erbil Support", ar: "دعم أربيل", ckb: "یارمەتی هەولێر" },
      ["region-IQ-AR"],
      2,
    ),
  ];
  const settings = {
    _id: "siteSettings",
    _type: "siteSettings",
    organizationName: localeString({ en: "Safe Journeys (test)" }),
    defaultLocaleByCountry: [
      ["KG", "ky"],
      ["KZ", "kk"],
      ["TJ", "tg"],
      ["UZ", "uz"],
      ["AF", "fa-AF"],
      ["PK", "ur"],
      ["IQ", "ar"],
    ].map(([country, locale]) => ({ _key: country!.toLowerCase(), country, locale })),
    quickExitUrl: "https://www.google.com/",
    footerText: { _type: "localeText", en: "Test footer." },
    privacyNotice: { _type: "localeText", en: "No IP addresses stored." },
    smsNumber: "+996000000900",
    ...(options.abroad ? { destinations: [...TEST_DESTINATIONS] } : {}),
  };
  const dir = mkdtempSync(join(tmpdir(), "pc-inbound-content-"));
  const all = [settings, ...regions, ...hotlines, ...(options.abroad ? abroadHotlines() : [])];
  const lines = [...kept, ...all.map((doc) => JSON.stringify(doc))];
  writeFileSync(join(dir, "dataset.ndjson"), `${lines.join("\n")}\n`);
  return dir;
}
