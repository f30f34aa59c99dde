// compose_check loads a Compose file with compose-go, the library behind `docker compose`,
// so the production stack is checked with the same parser and schema on machines that have
// no Docker engine. It prints the service names and the environment of each service.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose_check docker-compose.yml")
		os.Exit(2)
	}
	opts, err := cli.NewProjectOptions([]string{os.Args[1]}, cli.WithOsEnv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	services := map[string]map[string]string{}
	for name, service := range project.Services {
		env := map[string]string{}
		for key, value := range service.Environment {
			if value != nil {
				env[key] = *value
			}
		}
		services[name] = env
	}
	out, _ := json.Marshal(services)
	fmt.Println(string(out))
}
