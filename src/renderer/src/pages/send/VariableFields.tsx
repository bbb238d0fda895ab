import { useState } from 'react';
import { Checkbox, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TemplateKind } from '../../../../shared/domain';
import { VERIFICATION_MAX_DIGITS, type VariableProblem } from '../../../../shared/template';

export interface VariableState {
  values: string[];
  /** Per variable: the user confirmed sending it empty. */
  allowEmpty: boolean[];
}

export function variableProblems(
  state: VariableState,
  rule: { kind: TemplateKind; maxLength: number | null },
  validate: (
    v: string,
    r: { kind: TemplateKind; maxLength: number | null },
  ) => VariableProblem | null,
): (VariableProblem | null)[] {
  return state.values.map((v, i) => {
    const p = validate(v, rule);
    return p === 'empty' && state.allowEmpty[i] ? null : p;
  });
}

/**
 * One field per `{n}`, labelled by the name the user gave it, checked as the user types. A
 * field's problem shows once the user has typed in it or left it, not on a form just opened.
 */
export function VariableFields(props: {
  names: string[];
  kind: TemplateKind;
  maxLength: number | null;
  state: VariableState;
  problems: (VariableProblem | null)[];
  onChange(next: VariableState): void;
}) {
  const { t } = useTranslation();
  const { values, allowEmpty } = props.state;
  const [touched, setTouched] = useState<ReadonlySet<number>>(new Set());
  const touch = (i: number) => {
    if (!touched.has(i)) setTouched(new Set(touched).add(i));
  };
  return (
    <>
      {values.map((v, i) => {
        const problem = touched.has(i) ? (props.problems[i] ?? null) : null;
        const name = props.names[i] || t('send.variable', { n: i + 1 });
        const hint =
          props.kind === 'verification'
            ? t('send.hint.verification')
            : props.maxLength !== null
              ? t('send.hint.maxLength', { max: props.maxLength })
              : t('send.hint.noLimit');
        return (
          <Form.Item
            key={i}
            label={`${name} {${i + 1}}`}
            validateStatus={problem ? 'error' : undefined}
            help={
              problem ? (
                <span data-testid={`var-${i + 1}-error`}>
                  {t(`send.problem.${problem}`, {
                    max: props.kind === 'verification' ? VERIFICATION_MAX_DIGITS : props.maxLength,
                  })}
                </span>
              ) : (
                hint
              )
            }
          >
            <Input
              data-testid={`var-${i + 1}`}
              value={v}
              onBlur={() => touch(i)}
              onChange={(e) => {
                touch(i);
                props.onChange({
                  values: values.map((x, j) => (j === i ? e.target.value : x)),
                  allowEmpty,
                });
              }}
            />
            {v === '' && (
              <Checkbox
                style={{ marginTop: 4 }}
                checked={allowEmpty[i] ?? false}
                data-testid={`var-${i + 1}-allow-empty`}
                onChange={(e) =>
                  props.onChange({
                    values,
                    allowEmpty: allowEmpty.map((x, j) => (j === i ? e.target.checked : x)),
                  })
                }
              >
                {t('send.allowEmpty')}
              </Checkbox>
            )}
          </Form.Item>
        );
      })}
    </>
  );
}
