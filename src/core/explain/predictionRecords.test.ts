import { describe, expect, it } from 'vitest';

import { predictionRecords, predictionsCsv } from './predictionRecords';

describe('prediction records', () => {
  const items = [
    { id: 'a/one.png', label: -1, predicted: 1, probabilities: [0.25, 0.75] },
    { id: 'b,"two".png', label: 0, predicted: 0, probabilities: [0.9, 0.1] },
  ];

  it('names classes, keeps unknown truth as null and gives every probability', () => {
    const records = predictionRecords(items, ['benign', 'melanoma']);
    expect(records[0]).toEqual({ image: 'a/one.png', predicted: 'melanoma', confidence: 0.75, trueClass: null, probabilities: { benign: 0.25, melanoma: 0.75 } });
    expect(records[1]!.trueClass).toBe('benign');
  });

  it('writes a CSV with one row per image, quoting names that need it', () => {
    const csv = predictionsCsv(predictionRecords(items, ['benign', 'melanoma']), ['benign', 'melanoma']).trim().split('\n');
    expect(csv[0]).toBe('image,predicted,confidence,true_class,p_benign,p_melanoma');
    expect(csv[1]).toBe('a/one.png,melanoma,0.750000,,0.250000,0.750000');
    expect(csv[2]).toBe('"b,""two"".png",benign,0.900000,benign,0.900000,0.100000');
  });
});
