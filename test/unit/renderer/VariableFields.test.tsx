// @vitest-environment happy-dom
import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/renderer/src/i18n';
import {
  VariableFields,
  variableProblems,
  type VariableState,
} from '../../../src/renderer/src/pages/send/VariableFields';
import type { TemplateKind } from '../../../src/shared/domain';
import { validateVariable } from '../../../src/shared/template';

function Harness(props: { kind: TemplateKind; maxLength: number | null; names: string[] }) {
  const [state, setState] = useState<VariableState>({
    values: props.names.map(() => ''),
    allowEmpty: props.names.map(() => false),
  });
  const rule = { kind: props.kind, maxLength: props.maxLength };
  const problems = variableProblems(state, rule, validateVariable);
  return (
    <>
      <VariableFields
        names={props.names}
        kind={props.kind}
        maxLength={props.maxLength}
        state={state}
        problems={problems}
        onChange={setState}
      />
      <output data-testid="ok">{String(problems.every((p) => p === null))}</output>
      <output data-testid="problems">{problems.map((p) => p ?? '-').join(',')}</output>
    </>
  );
}

/** Problems per field ('-' = none); antd keeps a fading error node, so read the state. */
const problemsShown = (): string => screen.getByTestId('problems').textContent ?? '';

describe('VariableFields', () => {
  afterEach(cleanup);

  it('labels each field by its name and checks verification codes while typing', () => {
    render(<Harness kind="verification" maxLength={12} names={['验证码', '']} />);
    expect(screen.getByText('验证码 {1}')).toBeTruthy();
    expect(screen.getByText('变量 2 {2}')).toBeTruthy();

    fireEvent.change(screen.getByTestId('var-1'), { target: { value: '12a' } });
    expect(screen.getByTestId('var-1-error').textContent).toContain('数字');
    fireEvent.change(screen.getByTestId('var-1'), { target: { value: '1234567' } });
    expect(screen.getByTestId('var-1-error').textContent).toContain('最多 6 个');
    fireEvent.change(screen.getByTestId('var-1'), { target: { value: '123456' } });
    expect(problemsShown()).toBe('-,empty');
    expect(screen.getByTestId('ok').textContent).toBe('false'); // {2} still empty
  });

  it('says nothing before the user touched a field, then asks to confirm an empty value', () => {
    render(<Harness kind="notification" maxLength={12} names={['姓名']} />);
    // A form just opened is not wrong yet: the problem is known, not shown.
    expect(problemsShown()).toBe('empty');
    expect(screen.queryByTestId('var-1-error')).toBeNull();
    fireEvent.blur(screen.getByTestId('var-1'));
    expect(screen.getByTestId('var-1-error').textContent).toContain('允许留空');
    expect(screen.getByTestId('ok').textContent).toBe('false');
    fireEvent.click(screen.getByTestId('var-1-allow-empty'));
    expect(problemsShown()).toBe('-');
    expect(screen.getByTestId('ok').textContent).toBe('true');
  });

  it('applies the account length limit and refuses links', () => {
    render(<Harness kind="notification" maxLength={6} names={['']} />);
    fireEvent.change(screen.getByTestId('var-1'), { target: { value: '一二三四五六七' } });
    expect(screen.getByTestId('var-1-error').textContent).toContain('6');
    fireEvent.change(screen.getByTestId('var-1'), { target: { value: 't.cn/abc' } });
    expect(screen.getByTestId('var-1-error').textContent).toContain('链接');
    fireEvent.change(screen.getByTestId('var-1'), { target: { value: '张三' } });
    expect(screen.getByTestId('ok').textContent).toBe('true');
  });
});
