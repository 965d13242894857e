// Reference data (communes, product sets, producer types), fetched once per session.
import { api } from "./api.js";
import { getLocale } from "./i18n.js";
import { todayIso } from "./format.js";

/** @type {Promise<import("./api.js").Unit[]> | null} */ let units = null;
/** @type {Promise<import("./api.js").ProductSet[]> | null} */ let sets = null;
/** @type {Promise<import("./api.js").ProducerType[]> | null} */ let types = null;

export function unitsList() {
  units ??= api.unitsList().catch((e) => {
    units = null;
    throw e;
  });
  return units;
}

export function productSetsList() {
  sets ??= api.productSetsList().catch((e) => {
    sets = null;
    throw e;
  });
  return sets;
}

export function producerTypesList() {
  types ??= api.producerTypesList().catch((e) => {
    types = null;
    throw e;
  });
  return types;
}

/** Forget cached data (after a restore or a first-start set-up). */
export function resetRefData() {
  units = sets = types = null;
}

/** @param {import("./api.js").ProducerType} pt */
export function producerTypeName(pt) {
  return getLocale() === "en" ? pt.name_en : pt.name_vi;
}

/** Years offered by the year filters: next year (by the core's clock) back to 2018. */
export function yearOptions() {
  const now = Number(todayIso().slice(0, 4));
  /** @type {number[]} */
  const years = [];
  for (let y = now + 1; y >= 2018; y -= 1) years.push(y);
  return years;
}
