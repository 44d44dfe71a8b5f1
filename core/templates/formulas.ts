/**
 * Native formula builders: each writes, in functions that Excel 2016, Google Sheets, LibreOffice
 * Calc 7.4 and HyperFormula 3 compute alike, one rule of the scoring functions, so that a sheet
 * gives the same numbers as KPISCORE, KPIBAND, KPIRATING, WEIGHTED_SCORE, WEIGHTED_SHARE and
 * SCORE360 without the add-in.
 *
 * Arguments are references or expressions as text; results are formula bodies without the "=".
 * Blank-or-number helpers hold "" for a blank and a number otherwise; text that is not a number
 * becomes #VALUE!, as in the functions.
 */

/** Errors are made only in ways every engine shows alike. */
export const ERR = {
  value: '"x"*1',
  div0: '1/0',
  num: '10^308*10',
  na: 'NA()',
} as const;

/** A text constant inside a formula. */
export function str(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A blank cell (or text of spaces) as "", a number as itself, a number typed as text as that number. */
export function numberOrBlank(x: string): string {
  return `IF(LEN(TRIM(${x}))=0,"",IF(ISNUMBER(${x}),${x},TRIM(${x})*1))`;
}

/** As numberOrBlank, with `dflt` for a blank. */
export function numberOr(x: string, dflt: string): string {
  return `IF(LEN(TRIM(${x}))=0,${dflt},IF(ISNUMBER(${x}),${x},TRIM(${x})*1))`;
}

/** 1 if x is filled in (not blank or spaces), else 0. */
export function filled(x: string): string {
  return `IF(LEN(TRIM(${x}))=0,0,1)`;
}

/** A reference shown as it is, but blank (not 0) where the cell is empty. */
export function showRef(x: string): string {
  return `IF(LEN(${x})=0,"",${x})`;
}

/**
 * The position (1-based) of an option word in its table: the word is looked up in the lists
 * sheet's lower-case word column and its code read beside it; a blank gives `dflt`, any other word
 * #VALUE!.
 */
export function optionCode(x: string, words: string, codes: string, dflt: string): string {
  return `IF(LEN(TRIM(${x}))=0,${dflt},IFERROR(INDEX(${codes},MATCH(LOWER(TRIM(${x})),${words},0)),${ERR.value}))`;
}

/** Direction codes of the lists sheet: the order of DIRECTIONS in core/options.ts. */
export const DIR = { higher: 1, lower: 2, lower_ratio: 3, exact: 4 } as const;

export interface AchievementRefs {
  /** Actual, target and baseline as blank-or-number helpers. */
  readonly actual: string;
  readonly target: string;
  readonly baseline: string;
  /** Direction code (1 higher, 2 lower, 3 lower_ratio, 4 exact) or an error. */
  readonly direction: string;
}

/**
 * KPISCORE before clamping: "" when the actual is blank; #VALUE! for a blank target; otherwise
 * the direction's formula with KPISCORE's own errors (#DIV/0! for a zero target without a baseline
 * or a target equal to the baseline, #NUM! for impossible settings).
 */
export function rawAchievement(r: AchievementRefs): string {
  const { actual: a, target: t, baseline: b, direction: d } = r;
  const noBaseline =
    `IF(${t}=0,${ERR.div0},` +
    `IF(${d}=${DIR.higher},IF(${t}>0,${a}/${t},(${a}-${t}+ABS(${t}))/ABS(${t})),` +
    `IF(${d}=${DIR.lower},1-(${a}-${t})/ABS(${t}),` +
    `1-ABS(${a}-${t})/ABS(${t}))))`;
  const withBaseline =
    `IF(${t}=${b},${ERR.div0},` +
    `IF(${d}=${DIR.exact},1-ABS(${a}-${t})/ABS(${t}-${b}),` +
    `IF(OR(AND(${d}=${DIR.higher},${t}<${b}),AND(${d}=${DIR.lower},${t}>${b})),${ERR.num},` +
    `(${a}-${b})/(${t}-${b}))))`;
  const lowerRatio = `IF(LEN(${b})>0,${ERR.num},IF(OR(${a}<=0,${t}<=0),${ERR.num},${t}/${a}))`;
  return (
    `IF(${a}="","",IF(LEN(${t})=0,${ERR.value},` +
    `IF(${d}=${DIR.lower_ratio},${lowerRatio},IF(LEN(${b})=0,${noBaseline},${withBaseline}))))`
  );
}

/**
 * KPISCORE's clamp: max(floor, min(cap, raw)); `cap` is a blank-or-number helper (blank: no
 * cap), `floor` a number (default 0). A cap below the floor is #NUM!.
 */
export function clampAchievement(raw: string, cap: string, floor: string): string {
  return (
    `IF(${raw}="","",IF(LEN(${cap})=0,MAX(${floor},${raw}),` +
    `IF(${cap}<${floor},${ERR.num},MAX(${floor},MIN(${cap},${raw})))))`
  );
}

export interface BandRefs {
  /** Actual, threshold, target, maximum as blank-or-number helpers. */
  readonly actual: string;
  readonly threshold: string;
  readonly target: string;
  readonly maximum: string;
  /** Pays at threshold, target and maximum (numbers; KPIBAND's defaults are 0.5, 1, 1.5). */
  readonly payThreshold: string;
  readonly payTarget: string;
  readonly payMaximum: string;
}

/**
 * KPISCORE split for sheets where each KPI repeats for many rows (the review sheet): what depends
 * only on the KPI (target, baseline, direction) is computed once per KPI, so each row's formula is
 * short. `check` is 0 when the KPI is well defined, else the code of KPISCORE's error for it
 * (1 #VALUE! blank target, 2 #DIV/0! zero target or target = baseline, 3 #NUM! impossible
 * baseline); for higher and lower the achievement is (actual − offset) / scale, for exact
 * 1 − |actual − target| / scale, for lower_ratio target / actual.
 */
export const achievementLine = {
  check: (r: Omit<AchievementRefs, 'actual'>) => {
    const { target: t, baseline: b, direction: d } = r;
    return (
      `IF(LEN(${t})=0,1,IF(${d}=${DIR.lower_ratio},IF(LEN(${b})>0,3,IF(${t}<=0,3,0)),` +
      `IF(LEN(${b})=0,IF(${t}=0,2,0),IF(${t}=${b},2,IF(OR(AND(${d}=${DIR.higher},${t}<${b}),AND(${d}=${DIR.lower},${t}>${b})),3,0)))))`
    );
  },
  offset: (r: Omit<AchievementRefs, 'actual'>) => {
    const { target: t, baseline: b, direction: d } = r;
    return `IF(LEN(${t})=0,"",IF(LEN(${b})>0,${b},IF(${d}=${DIR.higher},${t}-ABS(${t}),${t}+ABS(${t}))))`;
  },
  scale: (r: Omit<AchievementRefs, 'actual'>) => {
    const { target: t, baseline: b, direction: d } = r;
    return (
      `IF(LEN(${t})=0,"",IF(${d}=${DIR.exact},IF(LEN(${b})>0,ABS(${t}-${b}),ABS(${t})),` +
      `IF(LEN(${b})>0,${t}-${b},IF(${d}=${DIR.higher},ABS(${t}),-ABS(${t})))))`
    );
  },
};

/** An error from its code (1 #VALUE!, 2 #DIV/0!, 3 #NUM!). */
function errorOf(code: string): string {
  return `CHOOSE(${code},${ERR.value},${ERR.div0},${ERR.num})`;
}

/**
 * A row's achievement (KPISCORE, clamped) from its KPI's precomputed parts (see achievementLine):
 * `gate` is 1 where the row computes it, else a value whose gate*10/gate is the KPI's error
 * ("x": #VALUE!, 0: #DIV/0!, 10^308: #NUM!; its check's, or #NUM! for a cap below the floor); `cap` is the cap with a blank as 10^308 (no cap). The row computes only
 * max(floor, min(cap, raw)), for higher and lower raw = (actual − offset) / scale, for exact
 * 1 − |actual − target| / scale, for lower_ratio target / actual (#NUM! for an actual ≤ 0).
 */
export function achievementRow(r: {
  readonly actual: string;
  readonly target: string;
  readonly direction: string;
  readonly offset: string;
  readonly scale: string;
  readonly gate: string;
  readonly cap: string;
  readonly floor: string;
}): string {
  const { actual: a, target: t, direction: d, offset, scale } = r;
  const raw =
    `IF(${d}=${DIR.lower_ratio},IF(${a}<=0,${ERR.num},${t}/${a}),` +
    `IF(${d}=${DIR.exact},1-ABS(${a}-${t})/${scale},(${a}-${offset})/${scale}))`;
  return `IF(${a}="","",IF(${r.gate}=1,MAX(${r.floor},MIN(${r.cap},${raw})),${r.gate}*10/${r.gate}))`;
}

/**
 * KPIBAND split like achievementLine: per KPI whether it has a curve (threshold and maximum given;
 * without them the row shows a blank), a check (0, or 1 #VALUE! blank target, 3 #NUM! points out
 * of order), the curve's direction (1 increasing, -1 decreasing) and the slopes of its two
 * segments; per row the pay, comparing ROUND(actual, 10) with the points and interpolating with
 * the actual as it is.
 */
export const bandLine = {
  has: (threshold: string, maximum: string) => `IF(OR(LEN(${threshold})=0,LEN(${maximum})=0),0,1)`,
  check: (has: string, r: Pick<BandRefs, 'threshold' | 'target' | 'maximum'>) => {
    const { threshold: th, target: tg, maximum: mx } = r;
    return `IF(${has}=0,0,IF(LEN(${tg})=0,1,IF(OR(AND(${th}<${tg},${tg}<${mx}),AND(${th}>${tg},${tg}>${mx})),0,3)))`;
  },
  sign: (has: string, check: string, r: Pick<BandRefs, 'threshold' | 'target'>) =>
    `IF(${has}=0,"",IF(${check}>0,"",IF(${r.threshold}<${r.target},1,-1)))`,
  slope: (sign: string, x0: string, x1: string, p0: string, p1: string) => `IF(${sign}="","",(${p1}-${p0})/(${x1}-${x0}))`,
  /** A point times the curve's direction (blank without a curve), so that rows compare without multiplying. */
  signed: (sign: string, x: string) => `IF(${sign}="","",${sign}*${x})`,
  /**
   * The threshold as signed, or the curve's error itself where `gate` (1, "" without a curve, else
   * a value whose gate*10/gate is the error) says it has one: the first thing a row's pay compares.
   */
  gatedThreshold: (gate: string, sign: string, threshold: string) =>
    `IF(${gate}="","",IF(${gate}=1,${sign}*${threshold},${gate}*10/${gate}))`,
  /** The curve's direction, 1 without a curve: what a row's rounded actual is multiplied by. */
  factor: (sign: string) => `IF(${sign}="",1,${sign})`,
};

/**
 * A row's pay from its KPI's precomputed parts (see bandLine). `rounded` is the curve's direction
 * times ROUND(actual, 10) (bandLine.factor), blank for a blank actual or a KPI without a curve
 * (the row shows a blank); `signed` are the KPI's points times that direction (bandLine.signed),
 * its threshold being the curve's error itself where the curve has one (bandLine.gatedThreshold:
 * #VALUE! for a blank target, #NUM! for points out of order), which the first comparison passes on. "Reached" is then
 * a plain comparison, and an equality of signed values is the equality of the values themselves
 * (the direction is 1 or -1). At a point reached exactly the pay is the point's (the interpolated
 * part is multiplied by 0).
 */
export function bandPayoutRow(
  r: BandRefs & {
    readonly rounded: string;
    readonly signed: Pick<BandRefs, 'threshold' | 'target' | 'maximum'>;
    readonly slope1: string;
    readonly slope2: string;
  },
): string {
  const { actual: a, threshold: th, target: tg, payThreshold: p0, payTarget: p1, payMaximum: p2, rounded: ac, signed: sg } = r;
  return (
    `IF(${ac}="","",` +
    `IF(${ac}<${sg.threshold},0,IF(${ac}>=${sg.maximum},${p2},` +
    `IF(${ac}>=${sg.target},${p1}+(${a}-${tg})*${r.slope2}*(${ac}<>${sg.target}),` +
    `${p0}+(${a}-${th})*${r.slope1}*(${ac}<>${sg.threshold})))))`
  );
}

export interface WeightedTotalParts {
  /** Number of rows with a score. */
  readonly count: string;
  /** Number of rows with a negative weight. */
  readonly negatives: string;
  /** Σ weight over rows with a score. */
  readonly weights: string;
  /** Σ score × weight. */
  readonly products: string;
}

/**
 * WEIGHTED_SCORE with blanks skipped, from sums over helper columns (per-row products, counted
 * weights, flags): "" when no row has a score, #NUM! for a negative weight, #DIV/0! when the
 * counted weights add up to 0.
 */
export function weightedTotal(p: WeightedTotalParts): string {
  return `IF(${p.count}=0,"",IF(${p.negatives}>0,${ERR.num},IF(${p.weights}=0,${ERR.div0},${p.products}/${p.weights})))`;
}

/** Per-row helpers of a weighted total: score × weight, the weight where a score is filled. */
export const weightedRow = {
  product: (score: string, weight: string) => `IF(${score}="","",${score}*${weight})`,
  counted: (score: string, weight: string) => `IF(${score}="","",${weight})`,
  scored: (score: string) => `IF(${score}="",0,1)`,
  negative: (weight: string) => `IF(${weight}<0,1,0)`,
};

/** SUMIFS over one helper column for one key (an employee number, a perspective code). */
export function sumFor(values: string, keys: string, key: string): string {
  return `SUMIFS(${values},${keys},${key})`;
}

/**
 * KPIRATING, step 1: the row of the bands table that a score falls in. `bounds` are the bounds
 * below the catch-all row (ascending, MATCH(..., 1) finds the last bound ≤ the score, MATCH(...,
 * 0) then re-finds the first equal bound); 1 is the catch-all row. Scores compare as ROUND(x, 10).
 */
export function bandRow(score: string, bounds: string): string {
  return `IF(${score}="","",1+IFERROR(MATCH(INDEX(${bounds},MATCH(ROUND(${score},10),${bounds},1)),${bounds},0),0))`;
}

/** KPIRATING, step 2: a column of the bands table (grade, coefficient) at that row; blank stays blank. */
export function bandPick(row: string, column: string): string {
  return `IF(${row}="","",IF(INDEX(${column},${row})="","",INDEX(${column},${row})))`;
}

/** Money and units: ROUND(x, d) done so that HyperFormula agrees with Excel and LibreOffice on ties. */
export function roundUnits(x: string, decimals: string): string {
  return `ROUND(ROUND(${x}*10^${decimals},6),0)`;
}

/** WEIGHTED_SHARE's largest-remainder helpers, per row (see core/functions/weighted-share.ts). */
export const share = {
  /** Units of 10^-d in |total|: ROUND(|total| × 10^d). */
  units: (total: string, decimals: string) => roundUnits(`ABS(${total})`, decimals),
  /** weight × factor, blank when either is blank. */
  part: (weight: string, factor: string) => `IF(OR(${weight}="",${factor}=""),"",${weight}*${factor})`,
  /** 1 where the weight or the factor is negative. */
  negative: (weight: string, factor: string) =>
    `IF(ISNUMBER(${weight}),IF(${weight}<0,1,0),0)+IF(ISNUMBER(${factor}),IF(${factor}<0,1,0),0)`,
  /** The exact quota q = U × part / Σ parts. */
  quota: (units: string, part: string, sum: string) => `IF(${part}="","",${units}*${part}/${sum})`,
  /** INT(ROUND(q, 6)). */
  floor: (q: string) => `IF(${q}="","",INT(ROUND(${q},6)))`,
  /** ROUND(q − floor, 6). */
  remainder: (q: string, floor: string) => `IF(${q}="","",ROUND(${q}-${floor},6))`,
  /** Order by remainder, largest first, earlier rows first on ties. */
  rank: (rem: string, all: string, above: string) =>
    `IF(${rem}="","",COUNTIF(${all},">"&${rem})+COUNTIF(${above},${rem})+1)`,
  /** floor + 1 for the rows ranked within the units left over. */
  units_i: (floor: string, rank: string, left: string) => `IF(${floor}="","",${floor}+IF(${rank}<=${left},1,0))`,
  /** The share: units back to money, with the total's sign. */
  value: (unitsI: string, total: string, decimals: string) =>
    `IF(${unitsI}="","",IF(${unitsI}=0,0,IF(${total}<0,-1,1)*${unitsI}/10^${decimals}))`,
};

/** In-cell bar: one block per `step` of the value (blank for a blank). */
export function bar(value: string, step: number): string {
  return `IF(ISNUMBER(${value}),REPT("█",MAX(0,INT(ROUND(${value}/${step},6)))),"")`;
}

/**
 * A label with `{name}` places as a formula that joins its text with expressions, e.g.
 * textFormula("weight '{x}' is not a number", { x: "A5" }) gives "weight '"&A5&"' is not a number".
 */
export function textFormula(template: string, exprs: Readonly<Record<string, string>>, lit: (text: string) => string = str): string {
  const parts: string[] = [];
  let last = 0;
  const re = /\{(\w+)\}/g;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    const expr = exprs[m[1]!];
    if (expr === undefined) continue;
    if (m.index > last) parts.push(lit(template.slice(last, m.index)));
    parts.push(`(${expr})`);
    last = m.index + m[0].length;
  }
  if (last < template.length || parts.length === 0) parts.push(lit(template.slice(last)));
  return parts.join('&');
}

/** Unit classes: what a KPI's unit says about its values (0 unknown or blank). */
export const UNIT = { percent: 1, money: 2, count: 3, time: 4, points: 5 } as const;

/** The class of a unit word, from a word | class table (0 where the word is not in it). */
export function unitClass(unit: string, words: string, classes: string): string {
  return `IFERROR(INDEX(${classes},MATCH(LOWER(TRIM(${unit})),${words},0)),0)`;
}

/** 1 where the unit's values cannot be negative (percent, count, time), else 0. */
export function unitNonNegative(cls: string): string {
  return `IF(OR(${cls}=${UNIT.percent},${cls}=${UNIT.count},${cls}=${UNIT.time}),1,0)`;
}

/**
 * What is wrong with one KPI line of a plan, as a code (0: nothing, or the line is not used):
 * 1 weight not a number, 2 weight negative, 3 unknown direction, 4 no target, 5 target not a
 * number, 6 target 0 without a baseline, 7 target = baseline, 8 lower_ratio with a baseline,
 * 9 baseline not a number, 10 negative target where the unit cannot be negative, 11 threshold or
 * maximum not a number, 12 payout points out of order, 13 lower_ratio target ≤ 0, 14 higher with
 * the target below the baseline, 15 lower with the target above it. Codes 11 and 12 touch only the
 * payout factor. Inputs are the line's helpers (blank-or-number, errors for text) and its
 * achievementLine / bandLine checks; the result is never an error.
 */
export const PLAN_PROBLEM = {
  weightText: 1, weightNegative: 2, direction: 3, noTarget: 4, targetText: 5, targetZero: 6, targetIsBaseline: 7,
  ratioBaseline: 8, baselineText: 9, negativeTarget: 10, curveText: 11, curveOrder: 12, ratioTarget: 13,
  higherBaseline: 14, lowerBaseline: 15,
} as const;

export function planLineProblem(r: {
  readonly used: string;
  readonly weight: string;
  readonly direction: string;
  readonly target: string;
  readonly baseline: string;
  readonly threshold: string;
  readonly maximum: string;
  readonly check: string;
  readonly bandCheck: string;
  readonly nonNegative: string;
}): string {
  const P = PLAN_PROBLEM;
  const { weight: w, direction: d, target: t, baseline: b } = r;
  const isText = (x: string) => `IFERROR(LEN(${x}),-1)<0`;
  const byCheck =
    `IF(${r.check}=2,IF(LEN(${b})=0,${P.targetZero},${P.targetIsBaseline}),` +
    `IF(${r.check}=3,IF(${d}=${DIR.lower_ratio},IF(LEN(${b})>0,${P.ratioBaseline},${P.ratioTarget}),IF(${d}=${DIR.higher},${P.higherBaseline},${P.lowerBaseline})),`;
  return (
    `IF(${r.used}=0,0,IF(NOT(ISNUMBER(${w})),${P.weightText},IF(${w}<0,${P.weightNegative},` +
    `IF(NOT(ISNUMBER(${d})),${P.direction},IF(${isText(t)},${P.targetText},IF(${isText(b)},${P.baselineText},` +
    `IF(LEN(${t})=0,${P.noTarget},${byCheck}` +
    `IF(AND(${r.nonNegative}=1,${t}<0),${P.negativeTarget},` +
    `IF(OR(${isText(r.threshold)},${isText(r.maximum)}),${P.curveText},IF(${r.bandCheck}=3,${P.curveOrder},0))))))))))))`
  );
}

/** 1 where a line's problem counts against a plan: its weight or direction always, its target only when weighted. */
export function planLineFlag(problem: string, weight: string): string {
  return `IF(${problem}=0,0,IF(${problem}<=${PLAN_PROBLEM.direction},1,IF(${weight}>0,1,0)))`;
}

/**
 * An actual far from its target's scale (50× or more, either way), as a row code for an actual
 * already known to be a number: `up` where it is 50× or more above (the KPI's code: a percent
 * typed as a whole number, or far off), `down` where 50× or more below and at most 1 in size
 * (the KPI's code: a fraction typed on a KPI not counted in %, or far off), `far` where below
 * and larger; `otherwise` when in scale, zero or not comparable. `targetUsable` is the KPI's
 * targetUsable and `bounds` its farBounds (its parts of the test, computed once per KPI).
 */
export function scaleCodeOr(
  actual: string,
  targetUsable: string,
  bounds: { readonly up: string; readonly down: string },
  codes: { readonly up: string; readonly down: string; readonly far: string },
  otherwise: string,
): string {
  const size = `ABS(${actual})`;
  // targetUsable is 0 or 1 and the actual a number: their product is 0 where either is.
  return (
    `IF(${targetUsable}*${actual}=0,${otherwise},` +
    `IF(${size}>=${bounds.up},${codes.up},IF(${size}<=${bounds.down},IF(${size}<=1,${codes.down},${codes.far}),${otherwise})))`
  );
}

/**
 * The sizes of an actual 50× or more above and below a usable target t (a number other than 0),
 * as ROUND(|actual / t|, 10) >= 50 and ROUND(|t / actual|, 10) >= 50 decide them: |actual| at
 * least 49.99999999995 × |t|, or at most |t| / 49.99999999995.
 */
export const farBounds = {
  up: (target: string) => `IFERROR(ABS(${target})*49.99999999995,0)`,
  down: (target: string) => `IFERROR(ABS(${target})/49.99999999995,0)`,
};

/** 1 where a target (a blank-or-number helper) is a number other than 0, else 0: the per-KPI part of scaleCodeOr. */
export function targetUsable(target: string): string {
  return `IF(ISNUMBER(${target}),IF(${target}=0,0,1),0)`;
}

/** A fraction shown as percent text, e.g. 0.034 as "3.4%" (to 4 decimals of a percent), alike in every engine. */
export function percentText(x: string): string {
  return `${roundUnits(`${x}*100`, '4')}/10^4&"%"`;
}
