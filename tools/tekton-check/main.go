// Command tekton-check checks Tekton manifests with Tekton Pipelines' own code (the release go.mod
// pins), the way an installation would take them:
//
//   - every Pipeline, Task, PipelineRun and TaskRun is decoded as the validating webhook decodes
//     it (unknown fields refused), defaulted and validated as at create time;
//   - every Task, and every Pipeline task's embedded taskSpec (or the Task its taskRef names among
//     the given files), goes through the substitutions the TaskRun reconciler applies before it
//     builds the pod (parameters, context, results, artifacts, step exit codes, workspaces,
//     credentials); a $(params.…), $(steps.…), $(results.…), $(workspaces.…), $(context.…) or
//     $(credentials.…) reference still there is one Tekton would leave as written;
//   - a Pipeline's $(tasks.<task>.results.<result>) must name a result that task declares.
//
// TriggerTemplate resource templates that are Tekton objects are checked too; other kinds are
// skipped. Usage: tekton-check FILE... (YAML or JSON, several documents per file). Prints one
// problem per line and exits 1 when there is any, 2 when a file cannot be read.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"

	v1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"
	"github.com/tektoncd/pipeline/pkg/reconciler/taskrun/resources"
	"github.com/tektoncd/pipeline/pkg/workspace"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	"knative.dev/pkg/apis"
)

// The directory the pod builder mounts credentials at (pipeline.CredsDir).
const credsDir = "/tekton/creds"

// A variable of the task's own namespaces left after substitution.
var unsubstituted = regexp.MustCompile(`\$\((params|steps|step|results|workspaces|context|credentials|artifacts)[.\[][^)]*\)`)

// A reference to a pipeline task's result.
var taskResultRef = regexp.MustCompile(`\$\(tasks\.([a-z0-9-]+)\.results\.([A-Za-z0-9_.-]+?)(?:\[[^\]]*\])?\)`)

type object struct {
	source string
	kind   string
	name   string
	raw    []byte
}

type checker struct {
	ctx      context.Context
	tasks    map[string]v1.TaskSpec
	problems []string
}

func (c *checker) report(o object, format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf("%s: %s %s: %s", o.source, o.kind, o.name, fmt.Sprintf(format, args...)))
}

// decode reads one object strictly, as the webhook does (DisallowUnknownFields).
func decode(raw []byte, into any) error {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}

type validatable interface {
	SetDefaults(context.Context)
	Validate(context.Context) *apis.FieldError
}

func (c *checker) validate(o object, into validatable) bool {
	if err := decode(o.raw, into); err != nil {
		c.report(o, "decoding: %v", err)
		return false
	}
	into.SetDefaults(c.ctx)
	// The API server names an object from its generateName before the validating webhook sees it.
	if meta, ok := into.(metav1.Object); ok && meta.GetName() == "" && meta.GetGenerateName() != "" {
		meta.SetName(meta.GetGenerateName() + "x7k2p")
	}
	if err := into.Validate(apis.WithinCreate(c.ctx)); err != nil {
		c.report(o, "validation: %v", err)
	}
	return true
}

// placeholders gives every declared parameter a value, as a run would.
func placeholders(specs v1.ParamSpecs) v1.Params {
	params := v1.Params{}
	for _, spec := range specs {
		value := v1.ParamValue{Type: v1.ParamTypeString, StringVal: "value"}
		switch spec.Type {
		case v1.ParamTypeArray:
			value = v1.ParamValue{Type: v1.ParamTypeArray, ArrayVal: []string{"value"}}
		case v1.ParamTypeObject:
			object := map[string]string{}
			for key := range spec.Properties {
				object[key] = "value"
			}
			value = v1.ParamValue{Type: v1.ParamTypeObject, ObjectVal: object}
		}
		params = append(params, v1.Param{Name: spec.Name, Value: value})
	}
	return params
}

// substitute applies what the TaskRun reconciler applies to a task's spec, in its order.
func (c *checker) substitute(taskName string, spec v1.TaskSpec) *v1.TaskSpec {
	run := &v1.TaskRun{
		ObjectMeta: metav1.ObjectMeta{Name: "check-run", Namespace: "check", UID: "check-uid"},
		Spec:       v1.TaskRunSpec{Params: placeholders(spec.Params)},
	}
	bindings := []v1.WorkspaceBinding{}
	for _, declared := range spec.Workspaces {
		bindings = append(bindings, v1.WorkspaceBinding{Name: declared.Name, EmptyDir: &corev1.EmptyDirVolumeSource{}})
	}
	run.Spec.Workspaces = bindings
	ts := spec.DeepCopy()
	ts = resources.ApplyParameters(ts, run, ts.Params...)
	ts = resources.ApplyContexts(ts, taskName, run)
	ts = resources.ApplyResults(ts)
	ts = resources.ApplyArtifacts(ts)
	ts = resources.ApplyStepExitCodePath(ts)
	ts = resources.ApplyWorkspaces(c.ctx, ts, ts.Workspaces, bindings, workspace.CreateVolumes(bindings))
	return resources.ApplyCredentialsPath(ts, credsDir)
}

func (c *checker) checkSubstitution(o object, taskName string, spec v1.TaskSpec) {
	substituted := c.substitute(taskName, spec)
	parts := map[string]any{
		"steps":        substituted.Steps,
		"sidecars":     substituted.Sidecars,
		"stepTemplate": substituted.StepTemplate,
		"volumes":      substituted.Volumes,
	}
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		raw, err := json.Marshal(parts[name])
		if err != nil {
			c.report(o, "task %s: %v", taskName, err)
			continue
		}
		for _, left := range unique(unsubstituted.FindAllString(string(raw), -1)) {
			c.report(o, "task %s: %s is not substituted by Tekton (in its %s)", taskName, left, name)
		}
	}
}

func unique(values []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, value := range values {
		if !seen[value] {
			seen[value] = true
			out = append(out, value)
		}
	}
	return out
}

func (c *checker) checkPipeline(o object) {
	var pipeline v1.Pipeline
	if !c.validate(o, &pipeline) {
		return
	}
	declared := map[string]map[string]bool{}
	for _, pt := range append(append([]v1.PipelineTask{}, pipeline.Spec.Tasks...), pipeline.Spec.Finally...) {
		var spec *v1.TaskSpec
		switch {
		case pt.TaskSpec != nil:
			spec = &pt.TaskSpec.TaskSpec
		case pt.TaskRef != nil:
			if named, ok := c.tasks[pt.TaskRef.Name]; ok {
				spec = &named
			}
		}
		if spec == nil {
			continue
		}
		results := map[string]bool{}
		for _, result := range spec.Results {
			results[result.Name] = true
		}
		declared[pt.Name] = results
		c.checkSubstitution(o, pt.Name, *spec)
	}
	for _, ref := range unique(taskResultRef.FindAllString(string(o.raw), -1)) {
		match := taskResultRef.FindStringSubmatch(ref)
		results, known := declared[match[1]]
		if known && !results[match[2]] {
			c.report(o, "%s names a result task %s does not declare", ref, match[1])
		}
	}
}

func (c *checker) check(o object) {
	switch o.kind {
	case "Pipeline":
		c.checkPipeline(o)
	case "Task":
		var task v1.Task
		if c.validate(o, &task) {
			c.checkSubstitution(o, task.Name, task.Spec)
		}
	case "PipelineRun":
		c.validate(o, &v1.PipelineRun{})
	case "TaskRun":
		c.validate(o, &v1.TaskRun{})
	}
}

// objects reads every document of a file, and the Tekton objects a TriggerTemplate holds.
func objects(path string) ([]object, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	decoder := k8syaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var out []object
	for i := 0; ; i++ {
		var document map[string]any
		if err := decoder.Decode(&document); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
		}
		if document == nil {
			continue
		}
		found, err := tektonObjects(fmt.Sprintf("%s#%d", path, i+1), document)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
}

func tektonObjects(source string, document map[string]any) ([]object, error) {
	apiVersion, _ := document["apiVersion"].(string)
	kind, _ := document["kind"].(string)
	var out []object
	if kind == "TriggerTemplate" {
		spec, _ := document["spec"].(map[string]any)
		templates, _ := spec["resourcetemplates"].([]any)
		for i, template := range templates {
			if inner, ok := template.(map[string]any); ok {
				found, err := tektonObjects(fmt.Sprintf("%s resourcetemplates[%d]", source, i), inner)
				if err != nil {
					return nil, err
				}
				out = append(out, found...)
			}
		}
		return out, nil
	}
	if apiVersion != "tekton.dev/v1" {
		return nil, nil
	}
	raw, err := json.Marshal(document)
	if err != nil {
		return nil, err
	}
	metadata, _ := document["metadata"].(map[string]any)
	name, _ := metadata["name"].(string)
	if name == "" {
		name, _ = metadata["generateName"].(string)
	}
	return []object{{source: source, kind: kind, name: name, raw: raw}}, nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: tekton-check FILE...")
		os.Exit(2)
	}
	var all []object
	for _, path := range os.Args[1:] {
		found, err := objects(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		all = append(all, found...)
	}
	c := &checker{ctx: context.Background(), tasks: map[string]v1.TaskSpec{}}
	// Tasks first, so a Pipeline's taskRef finds them whatever the order of the files.
	for _, o := range all {
		if o.kind == "Task" {
			var task v1.Task
			if decode(o.raw, &task) == nil {
				c.tasks[task.Name] = task.Spec
			}
		}
	}
	for _, o := range all {
		c.check(o)
	}
	for _, problem := range c.problems {
		fmt.Println(problem)
	}
	fmt.Fprintf(os.Stderr, "tekton-check: %d objects, %d problems\n", len(all), len(c.problems))
	if len(c.problems) > 0 {
		os.Exit(1)
	}
}
