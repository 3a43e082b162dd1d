/** The config's selector check agrees with the stand-in's parser (which kubectl holds honest) on what is valid. */
import { labelSelectorError } from '../../../src/targets/kubernetes/label-selector';
import { parseLabelSelector } from '../../support/kube-api/selector';

const accepted = (text: string): boolean => {
  try {
    parseLabelSelector(text);
    return true;
  } catch {
    return false;
  }
};

describe('label selector syntax', () => {
  it.each([
    ['team=payments', true],
    ['team==payments', true],
    ['team!=payments', true],
    ['tier in (web, api)', true],
    ['tier notin (batch)', true],
    ['app.kubernetes.io/name', true],
    ['!canary', true],
    ['team=payments,tier!=batch,!canary', true],
    ['team=a=b', false],
    ['team in (a,b', false],
    ['team=', true],
    ['Team_1=x', true],
    ['team=pay ments', false],
    ['team,', false],
    ['-bad=x', false],
    ['team=' + 'x'.repeat(64), false],
  ])('%j valid: %s', (text, valid) => {
    expect(labelSelectorError(text) === null).toBe(valid);
    expect(accepted(text)).toBe(valid);
  });
});
