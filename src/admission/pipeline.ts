/**
 * The API server's pipeline for an object's body, on create and on update: conversion to
 * the stored version, decoding (a field of the wrong type is refused before anything reads
 * it), defaulting, and validation (metadata, then the kind's rules). Cluster-independent;
 * admission (create.ts) adds what needs the cluster.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../api/meta.js';
import type { FieldError } from '../api/validation.js';
import { typeErrors } from '../api/validation.js';
import type { ServedKind } from './kinds/index.js';
import { metadataErrors } from './meta-validation.js';

/**
 * Converted to the stored apiVersion, decoded and defaulted; or the fields that do not
 * decode. A custom object is decoded and defaulted at the version it was sent in (its
 * schema's), then converted.
 */
export const convertAndDefault = (served: ServedKind, input: KubeObject): Either<FieldError[], KubeObject> => {
  const rules = served.rules;
  // every version goes through convert (upstream: the HPA conversion drops its alpha annotations even at v2)
  const convert = (o: KubeObject): KubeObject => ({ ...(rules?.convert?.(o, o.apiVersion) ?? o), apiVersion: served.info.apiVersion, kind: served.info.kind });
  const decodeAndDefault = (o: KubeObject): Either<FieldError[], KubeObject> => {
    if (rules === undefined) return right(o);
    const wrong = typeErrors(rules.codec, o);
    if (wrong.length > 0) return left([...metadataErrors(o), ...wrong]);
    return right(rules.defaults?.(o) ?? o);
  };
  const sourceCodec = rules?.sourceCodec?.(input.apiVersion);
  const wrongSource = sourceCodec === undefined ? [] : typeErrors(sourceCodec, input);
  if (wrongSource.length > 0) return left([...metadataErrors(input), ...wrongSource]);
  if (served.custom) {
    const done = decodeAndDefault(input);
    return isLeft(done) ? done : right(convert(done.right));
  }
  return decodeAndDefault(convert(input));
};

/** Everything wrong with a new object, after convertAndDefault (which checked its types). */
export const validateNew = (served: ServedKind, o: KubeObject): FieldError[] => [...metadataErrors(o), ...(served.rules?.validate?.(o) ?? [])];

/** Everything wrong with an update: the new object as a new one, and the transition. */
export const validateChange = (served: ServedKind, before: KubeObject, after: KubeObject): FieldError[] => {
  const errors = validateNew(served, after);
  if (errors.length > 0) return errors;
  return [...(served.rules?.validateUpdate?.(before, after) ?? [])];
};
