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

/** One field per `{n}`, labelled by the name the user gave it, checked as the user types. */
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
  return (
    <>
      {values.map((v, i) => {
        const problem = props.problems[i] ?? null;
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
              onChange={(e) =>
                props.onChange({
                  values: values.map((x, j) => (j === i ? e.target.value : x)),
                  allowEmpty,
                })
              }
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
